/**
 * What `pulumi stack export` prints for a stack this program deployed, cut down to the resources
 * the lost-image check reads. No real state with docker Images can be produced on these machines
 * (the docker provider plugin cannot be installed here), so the shape is written from the sources:
 * - the export: `{ version: 3, deployment }`, `deployment` the checkpoint's latest (pulumi/pulumi
 *   pkg/backend/diy/backend.go `ExportDeployment`), each resource with `urn`, `custom`, `id`,
 *   `type`, `inputs`, `outputs`, `parent`, `provider` (apitype `ResourceV3`);
 * - an Image: type `docker:index/image:Image` (@pulumi/docker `Image.__pulumiType`), ID and
 *   `imageName` = the name built, outputs `baseImageName`, `context`, `dockerfile`,
 *   `registryServer` ("" without a registry), `repoDigest` once pushed (pulumi/pulumi-docker
 *   provider/image.go `dockerBuild`), and the inputs kept as a secret in `__inputs`
 *   (provider.go `checkpointObject`), which an export shows only as ciphertext;
 * - the inputs as the program gives them (infra/components/app-image-plan.ts `dockerImagePlan`),
 *   with the provider's `contextDigest` and default `platform` added (provider.go `Check`).
 */

/** The engine's marker of a secret value in serialized state (pulumi/pulumi sdk `resource.SecretSig`). */
const SECRET_SIG = { '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270' };

export interface ImageFixture {
  /** The AppImage's name: `backend` gives the Image `backend-image`. */
  app: string;
  imageName: string;
  /** Set for a pushed image (a `registryServer` stack). */
  registry?: string;
  /** `delete: true`: the resource only waits to be deleted. */
  pendingDelete?: boolean;
}

export const stackUrn = (stack: string) => `urn:pulumi:${stack}::todo::pulumi:pulumi:Stack::todo-${stack}`;
export const imageUrn = (stack: string, app: string) =>
  `urn:pulumi:${stack}::todo::todo:infra:AppImage$docker:index/image:Image::${app}-image`;

/** The `deployment` of an export holding the stack, the docker provider, and per image its AppImage and Image. */
export function deploymentWithImages(stack: string, images: readonly ImageFixture[]): Record<string, unknown> {
  const providerUrn = `urn:pulumi:${stack}::todo::pulumi:providers:docker::docker`;
  const providerId = '0b8f5c8e-6f2a-4c61-9d0c-7f1c2b3a4d5e';
  const resources: Record<string, unknown>[] = [
    { urn: stackUrn(stack), custom: false, type: 'pulumi:pulumi:Stack', outputs: {} },
    {
      urn: providerUrn,
      custom: true,
      id: providerId,
      type: 'pulumi:providers:docker',
      inputs: { version: '4.5.8' },
      outputs: { version: '4.5.8' },
      parent: stackUrn(stack),
    },
  ];
  for (const image of images) {
    const componentUrn = `urn:pulumi:${stack}::todo::todo:infra:AppImage::${image.app}`;
    const dockerfile = `apps/${image.app}/Dockerfile`;
    const server = image.registry ?? '';
    resources.push({ urn: componentUrn, custom: false, type: 'todo:infra:AppImage', parent: stackUrn(stack) });
    resources.push({
      urn: imageUrn(stack, image.app),
      custom: true,
      id: image.imageName,
      type: 'docker:index/image:Image',
      inputs: {
        build: {
          args: {},
          builderVersion: 'BuilderBuildKit',
          context: '.',
          contextDigest: 'c0ffee'.repeat(10) + 'c0ff',
          dockerfile,
          platform: 'linux/amd64',
        },
        imageName: image.imageName,
        skipPush: image.registry === undefined,
        ...(image.registry ? { registry: { server, username: 'ci', password: { ...SECRET_SIG, ciphertext: 'v1:cGFzcw==' } } } : {}),
      },
      outputs: {
        __inputs: { ...SECRET_SIG, ciphertext: 'v1:aW5wdXRz' },
        baseImageName: image.imageName,
        context: '.',
        dockerfile,
        imageName: image.imageName,
        registryServer: server,
        ...(image.registry
          ? { repoDigest: `${image.imageName.slice(0, image.imageName.lastIndexOf(':'))}@sha256:${'ab'.repeat(32)}` }
          : {}),
      },
      parent: componentUrn,
      provider: `${providerUrn}::${providerId}`,
      ...(image.pendingDelete ? { delete: true } : {}),
    });
  }
  return {
    manifest: { time: '2026-12-07T19:00:00Z', magic: 'f'.repeat(64), version: 'v3.248.0' },
    secrets_providers: { type: 'passphrase', state: { salt: 'v1:ZmFrZQ==:v1:ZmFrZQ==:ZmFrZQ==' } },
    resources,
  };
}

/** The text `pulumi stack export --stack <stack>` prints for that deployment. */
export function stackExport(stack: string, images: readonly ImageFixture[]): string {
  return JSON.stringify({ version: 3, deployment: deploymentWithImages(stack, images) }, null, 4);
}
