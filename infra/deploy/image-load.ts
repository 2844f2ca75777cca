import { APPS, APP_DOCKERFILES, appImageReference, type App, type AppBuildSettings } from '../images/app-images';
import { runCli, type CliContext } from './cli';
import type { Runner } from './minikube';

/**
 * Image-load delivery (Minikube with containerd or cri-o, rootless Podman, several nodes: no Docker
 * daemon in the node to build in). Before `pulumi up`, `npm run deploy` builds each app image with
 * this machine's Docker under its content tag, the same tag the program deploys
 * (infra/images/app-images.ts), and loads it into the node's runtime with `minikube image load`.
 * Only what the node lacks is loaded and only what this Docker lacks is built, so an unchanged tree
 * does neither, and after `minikube delete` (or `minikube image rm`) the next deploy loads the
 * images again instead of leaving pods in ErrImageNeverPull.
 *
 * What minikube does, from kubernetes/minikube:
 * - `image ls` (alias of `image list`) prints one reference per line with `--format short`, its
 *   default (site/content/en/docs/commands/image.md), as the runtime names it: containerd and cri-o
 *   give the fully qualified name, `docker.io/todo/backend:<tag>` (normalised here).
 * - `image load IMAGE` takes the image from the local Docker daemon (cmd/minikube/cmd/image.go: a
 *   name that is not a file means `--daemon`), caches it and loads it on every node of the profile;
 *   `--overwrite` defaults to true. A failure exits with GUEST_IMAGE_LOAD.
 */

export interface ImageLoadSettings extends AppBuildSettings {
  /** The Minikube profile to load into (`-p`): the stack's kubeContext. */
  profile: string;
  /** `docker build --network` (stack key `imageBuildNetwork`), when set. */
  network?: string;
}

/** One app image and what this deploy has to do for it. */
export interface ImageLoadStep {
  app: App;
  reference: string;
  /** This machine's Docker lacks the tag: build it. */
  build: boolean;
  /** The node's runtime lacks the tag: load it. */
  load: boolean;
}

/** `docker.io/library/x:1` and `docker.io/x:1` are `x:1` to Docker; compare references that way. */
export function normaliseReference(reference: string): string {
  return reference.replace(/^docker\.io\/library\//, '').replace(/^docker\.io\//, '');
}

/** The references `minikube image ls --format short` lists, normalised. */
export function parseImageList(stdout: string): Set<string> {
  return new Set(
    stdout
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .map(normaliseReference),
  );
}

/** The `docker build` arguments for one app image: BuildKit, the repository root as context, never `:latest`. */
export function dockerBuildArgs(
  app: App,
  reference: string,
  settings: Omit<ImageLoadSettings, 'profile'> & { noCache?: boolean },
): string[] {
  return [
    'build',
    ...(settings.noCache ? ['--no-cache'] : []),
    ...(settings.platform ? ['--platform', settings.platform] : []),
    ...(settings.network ? ['--network', settings.network] : []),
    ...(settings.nodeImage ? ['--build-arg', `NODE_IMAGE=${settings.nodeImage}`] : []),
    '-f',
    APP_DOCKERFILES[app],
    '-t',
    reference,
    '.',
  ];
}

/** What to build and load, from the node's image list and whether this machine's Docker has each tag. */
export function planImageLoad(
  references: Record<App, string>,
  loaded: ReadonlySet<string>,
  builtHere: (reference: string) => boolean,
): ImageLoadStep[] {
  return APPS.map((app) => {
    const reference = references[app];
    const load = !loaded.has(normaliseReference(reference));
    return { app, reference, load, build: load && !builtHere(reference) };
  });
}

export interface ImageLoadContext {
  root: string;
  env: NodeJS.ProcessEnv;
  /** Captured commands (`minikube image ls`, `docker image inspect`). */
  run: Runner;
  /** Commands with the terminal attached (build and load progress); resolves to the exit code. */
  attached?: (cli: CliContext, args: string[]) => Promise<number>;
}

/**
 * Builds and loads what the node lacks; returns 0, or 1 after saying what failed and how to fix it.
 * Prints one line per image: already there, loaded, or built and loaded, with the time each took.
 */
export async function deliverByImageLoad(settings: ImageLoadSettings, context: ImageLoadContext): Promise<number> {
  const attached = context.attached ?? runCli;
  const profileArgs = ['-p', settings.profile];
  const listed = context.run('minikube', [...profileArgs, 'image', 'ls', '--format', 'short']);
  if (listed.error || listed.status !== 0) {
    const why = listed.error?.message ?? (listed.stderr.trim() || `exit ${listed.status}`);
    console.error(`\nCould not list the images in Minikube profile ${settings.profile} (minikube image ls): ${why}`);
    return 1;
  }
  const references = Object.fromEntries(APPS.map((app) => [app, appImageReference(context.root, app, settings)])) as Record<App, string>;
  const builtHere = (reference: string) => context.run('docker', ['image', 'inspect', '--format', '{{.Id}}', reference]).status === 0;
  const steps = planImageLoad(references, parseImageList(listed.stdout), builtHere);
  console.log(`\nImages for Minikube profile ${settings.profile} (image-load):`);
  for (const step of steps) {
    const code = await deliverOne(step, settings, context, attached);
    if (code !== 0) return code;
  }
  return 0;
}

async function deliverOne(
  step: ImageLoadStep,
  settings: ImageLoadSettings,
  context: ImageLoadContext,
  attached: (cli: CliContext, args: string[]) => Promise<number>,
): Promise<number> {
  if (!step.load) {
    console.log(`  ${step.app}: ${step.reference} is in the cluster already`);
    return 0;
  }
  const started = Date.now();
  if (step.build) {
    console.log(`  ${step.app}: building ${step.reference} with this machine's Docker`);
    const built = await attached(
      { bin: 'docker', cwd: context.root, env: { ...context.env, DOCKER_BUILDKIT: '1' } },
      dockerBuildArgs(step.app, step.reference, settings),
    );
    if (built !== 0) {
      console.error(
        `\nThe ${step.app} image did not build (docker build exited ${built}); the output above says why. Nothing was deployed.`,
      );
      return 1;
    }
  }
  const buildSeconds = (Date.now() - started) / 1000;
  console.log(`  ${step.app}: loading ${step.reference} into profile ${settings.profile} (minikube image load)`);
  const loaded = await attached({ bin: 'minikube', cwd: context.root, env: context.env }, [
    '-p',
    settings.profile,
    'image',
    'load',
    step.reference,
  ]);
  if (loaded !== 0) {
    console.error(
      `\nminikube image load ${step.reference} exited ${loaded}; the output above says why. Nothing was deployed. ` +
        `Check that the cluster runs (minikube status -p ${settings.profile}) and has disk space (minikube ssh -p ${settings.profile} -- df -h).`,
    );
    return 1;
  }
  const total = (Date.now() - started) / 1000;
  const built = step.build ? `built in ${buildSeconds.toFixed(1)} s, ` : 'built already, ';
  console.log(`  ${step.app}: ${built}loaded in ${(total - buildSeconds).toFixed(1)} s`);
  return 0;
}
