import * as docker from '@pulumi/docker';
import * as pulumi from '@pulumi/pulumi';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { contentTag } from '../images/build-context';
import { dockerfileSources } from '../images/dockerfile-sources';
import { parseImageReference } from '../images/reference';
import { builtImage, dockerImagePlan } from './app-image-plan';

export interface AppImageArgs {
  /** Image repository without registry or tag, e.g. `todo/backend`. */
  readonly repository: string;
  /** The Docker build context, relative to `workDir`. Default `.` (the repository root). */
  readonly context?: string;
  /** The Dockerfile, relative to the context, e.g. `apps/backend/Dockerfile`. */
  readonly dockerfile: string;
  /**
   * Context paths the image is built from. Default: every source the Dockerfile's `COPY`/`ADD`
   * instructions read from the context (so the tag follows the Dockerfile without a second list).
   */
  readonly sources?: readonly string[];
  /** Build args, e.g. `{ NODE_IMAGE: 'node:24-bookworm-slim' }`. Default none (the Dockerfile's ARG defaults). */
  readonly buildArgs?: Readonly<Record<string, string>>;
  /**
   * Target platform, e.g. `linux/amd64`; part of the tag. Default: the Docker provider's own,
   * `linux/<arch of the machine running Pulumi>` (pulumi/pulumi-docker provider/provider.go `Check`).
   */
  readonly platform?: string;
  /**
   * Push to this registry. Default: no registry, build into the cluster's own Docker daemon
   * (`minikube docker-env`) with `skipPush`, and let the kubelet use the local image.
   */
  readonly registry?: { server: string; username: pulumi.Input<string>; password: pulumi.Input<string> };
  /**
   * Builds this image only after these resources (the other image: one build at a time in a small
   * Minikube). Default none.
   */
  readonly buildAfter?: pulumi.Input<pulumi.Resource>[];
  /** Absolute directory relative paths are resolved from. Default `process.cwd()` (where Pulumi runs). */
  readonly workDir?: string;
  /**
   * Network mode of the build's `RUN` steps (`docker build --network`), e.g. `host` on an engine
   * without a bridge network (`dockerd --bridge=none` fails with "network bridge not found").
   * Default: the engine's own. Not part of the tag: it changes how the build reaches the network,
   * not what the image holds.
   */
  readonly network?: string;
  /**
   * Deploy this image instead of building one: `repo:tag`, `repo@sha256:<digest>` or both (what CI
   * built and pushed, or an image loaded into the cluster). Then no `docker.Image` is declared, so
   * no docker provider is needed; `imageRef` is this reference, `tag` its tag or the first 12 hex
   * digits of its digest (`parseImageReference`), and pods pull it `IfNotPresent`. Default: build.
   */
  readonly reference?: string;
  /**
   * Built on this machine and loaded into the cluster's container runtime by `npm run deploy` before
   * `pulumi up` (image-load delivery: Minikube with containerd or cri-o, where there is no Docker
   * daemon to build in; infra/deploy/image-load.ts). The tag is computed the same way
   * (infra/images/app-images.ts computes it for the wrapper), no `docker.Image` is declared, and pods
   * never pull: a missing image shows as ErrImageNeverPull, not as a pull from Docker Hub.
   * Default false: the docker provider builds it.
   */
  readonly builtByDeploy?: boolean;
}

/**
 * One application image, built with `@pulumi/docker` and tagged with the hash of exactly the files it
 * is built from: unchanged sources → same tag → no diff on the Deployment; a frontend-only change
 * leaves the backend tag, and so its pods, untouched. The tag is computed while the program runs
 * (before any resource is registered), so previews show the real new tag. Or, given a `reference`,
 * that existing image, with nothing built; or, `builtByDeploy`, the image `npm run deploy` built and
 * loaded under that tag.
 */
export class AppImage extends pulumi.ComponentResource {
  /** The content tag (12 hex digits), or the given reference's tag. */
  readonly tag: string;
  /**
   * `repository:tag` (with the registry server when pushing): what the Deployments run. A plain
   * string, known at preview time, so a preview shows the exact tag change and policies can check it;
   * dependents order themselves after the build with `dependsOn` on this component.
   */
  readonly imageRef: string;
  /** `Never` for images built inside the cluster's daemon (nothing to pull); `IfNotPresent` for immutable registry tags and given references. */
  readonly imagePullPolicy: 'Never' | 'IfNotPresent';
  readonly context: string;
  readonly dockerfile: string;
  readonly buildArgs: Readonly<Record<string, string>>;
  /** The build; absent when the image is given by `reference`. */
  readonly image?: docker.Image;

  constructor(name: string, args: AppImageArgs, opts?: pulumi.ComponentResourceOptions) {
    // `workDir` is this machine's checkout path: kept out of the component's recorded inputs so two
    // people deploying one shared stack see no diff. The password is recorded as a secret only.
    const { workDir: _workDir, ...recorded } = args;
    super(
      'todo:infra:AppImage',
      name,
      { ...recorded, registry: args.registry && { ...args.registry, password: pulumi.secret(args.registry.password) } },
      opts,
    );
    const workDir = args.workDir ?? process.cwd();
    this.context = args.context ?? '.';
    this.dockerfile = args.dockerfile;
    this.buildArgs = args.buildArgs ?? {};
    if (args.reference !== undefined) {
      const given = parseImageReference(args.reference);
      this.tag = given.tag;
      this.imageRef = given.ref;
      this.imagePullPolicy = 'IfNotPresent';
      this.registerOutputs({ tag: this.tag, imageRef: this.imageRef });
      return;
    }
    const contextDir = path.resolve(workDir, this.context);
    const dockerfilePath = path.join(contextDir, args.dockerfile);
    const sources = args.sources ?? this.sourcesOf(name, dockerfilePath, args.dockerfile);
    this.tag = contentTag({
      context: contextDir,
      dockerfile: args.dockerfile,
      sources,
      buildArgs: this.buildArgs,
      platform: args.platform,
    });

    const built = builtImage(args, this.tag);
    this.imageRef = built.imageRef;
    this.imagePullPolicy = built.imagePullPolicy;
    if (args.builtByDeploy) {
      this.registerOutputs({ tag: this.tag, imageRef: this.imageRef });
      return;
    }
    this.image = new docker.Image(`${name}-image`, dockerImagePlan(args, this.imageRef), { parent: this, dependsOn: args.buildAfter });
    this.registerOutputs({ tag: this.tag, imageRef: this.imageRef });
  }

  /**
   * The Dockerfile's context sources. Without a Dockerfile the build itself fails later with
   * Docker's own error; the tag then falls back to the app folder, the shared contracts and the
   * workspace manifests so a preview or render still works.
   */
  private sourcesOf(name: string, dockerfilePath: string, dockerfile: string): string[] {
    if (fs.existsSync(dockerfilePath)) return dockerfileSources(fs.readFileSync(dockerfilePath, 'utf8'));
    void pulumi.log.warn(`AppImage ${name}: ${dockerfile} does not exist yet; the image build will fail`, this);
    return [path.posix.dirname(dockerfile), 'packages/contracts', 'package.json', 'package-lock.json'];
  }
}
