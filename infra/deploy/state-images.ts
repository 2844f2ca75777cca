/**
 * The images a stack's state says were built: read from `pulumi stack export`, pure, no I/O.
 *
 * The export is `{ version: 3, deployment }`, `deployment` being the latest checkpoint, or `null`
 * for a stack created and never deployed (pulumi/pulumi pkg/backend/diy/backend.go
 * `ExportDeployment` marshals `chk.Latest`), parsed by stack-state.ts (which drops the resources
 * marked `delete: true`, waiting to be deleted). Each resource carries `urn`, `type`, `id`,
 * `inputs` and `outputs`.
 *
 * A pulumi-docker `Image` (type token `docker:index/image:Image`, @pulumi/docker `Image.__pulumiType`)
 * has the ID and the output `imageName` set to the name it built and tagged, plus `registryServer`
 * ("" without a registry) and, once pushed, `repoDigest` (pulumi/pulumi-docker provider/image.go
 * `dockerBuild`). It pushes unless its input `skipPush` is true (image.go `marshalSkipPush`: unset
 * means push). Its `__inputs` output is a secret and is never read here.
 */

import { parseStackExport } from './stack-state';

export const DOCKER_IMAGE_TYPE = 'docker:index/image:Image';

export interface StateImage {
  urn: string;
  /** The resource's name, the URN's last part: `backend-image`. */
  name: string;
  /** What the provider tagged, e.g. `todo/backend:3ddd8e8fed0e`. */
  imageName: string;
  /** The registry it was pushed to; undefined for an image kept in the daemon that built it (`skipPush`). */
  pushedTo?: string;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** The docker Images of an exported state (none for a stack never deployed); `{ error }` when the text is not an export. */
export function stateImages(exported: string): { images: StateImage[] } | { error: string } {
  const resources = parseStackExport(exported);
  if ('error' in resources) return resources;
  const images: StateImage[] = [];
  for (const resource of resources) {
    if (resource.type !== DOCKER_IMAGE_TYPE || !text(resource.urn)) continue;
    const imageName = text(resource.outputs?.imageName) ?? text((resource as { id?: unknown }).id);
    if (!imageName) continue;
    const pushes = resource.inputs?.skipPush !== true;
    const registry = text(resource.outputs?.registryServer) ?? 'its registry';
    images.push({
      urn: resource.urn,
      name: resource.urn.split('::').pop() ?? resource.urn,
      imageName,
      ...(pushes ? { pushedTo: registry } : {}),
    });
  }
  return { images };
}

/** `backend-image` → `backend image`: the words the wrapper's lines use. */
export function imageLabel(image: StateImage): string {
  return image.name.endsWith('-image') ? `${image.name.slice(0, -'-image'.length)} image` : `image ${image.name}`;
}
