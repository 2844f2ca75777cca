import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import {
  backendUrl,
  checkNonInteractive,
  checkPassphrase,
  checkPolicyPack,
  checkPulumiCli,
  checkStackFile,
  ensureFileBackend,
  type Check,
  type PulumiCommand,
} from './checks';
import { checkBuildPlatform, probeDocker } from './docker';
import { detectImageDelivery } from './image-delivery';
import type { ImageLoadSettings } from './image-load';
import { checkMinikubeRunning, minikubeDockerEnv, systemRunner, type Runner } from './minikube';
import { IMAGE_DELIVERIES, type ImageDelivery, type MinikubeProfile } from './minikube-profile';

/**
 * Every check `npm run deploy|preview|destroy|refresh` makes before handing over to the Pulumi CLI,
 * in the order a user would fix them, each failure with the command that fixes it.
 */

export interface StackSettings {
  kubeContext: string;
  registryServer?: string;
  platform?: string;
  /** `imageDelivery` when it is one of its values (the program refuses any other). Unset: detected. */
  imageDelivery?: ImageDelivery;
  /** True when the stack names both `backendImage` and `frontendImage`: nothing is built. */
  deploysReferences: boolean;
  /** `nodeImage`: the NODE_IMAGE build arg (part of the content tag). */
  nodeImage?: string;
  /** `imageBuildNetwork`: `docker build --network`. */
  buildNetwork?: string;
}

/** The committed stack file's settings the checks depend on (same keys and defaults as infra/config.ts). */
export function readStackSettings(root: string, stack: string): StackSettings | undefined {
  const file = path.join(root, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(file)) return undefined;
  const config = ((parse(fs.readFileSync(file, 'utf8')) ?? {}) as { config?: Record<string, unknown> }).config ?? {};
  const str = (key: string) => (typeof config[`todo:${key}`] === 'string' ? (config[`todo:${key}`] as string) : undefined);
  return {
    kubeContext: str('kubeContext') ?? 'minikube',
    registryServer: str('registryServer'),
    platform: str('imagePlatform'),
    imageDelivery: IMAGE_DELIVERIES.find((d) => d === str('imageDelivery')),
    deploysReferences: str('backendImage') !== undefined && str('frontendImage') !== undefined,
    nodeImage: str('nodeImage'),
    buildNetwork: str('imageBuildNetwork'),
  };
}

/**
 * Minikube stacks build inside Minikube's Docker daemon or load into its runtime; registry stacks
 * build locally and push. A stack that names a Minikube delivery (`docker-env`, `image-load`) is a
 * Minikube stack whatever its context is called: `minikube start -p <name>` names the context after
 * the profile.
 */
export function buildsInMinikube(settings: StackSettings): boolean {
  const minikubeDelivery = settings.imageDelivery === 'docker-env' || settings.imageDelivery === 'image-load';
  return (settings.kubeContext === 'minikube' || minikubeDelivery) && !settings.registryServer && !settings.deploysReferences;
}

export interface PrerequisiteOptions {
  root: string;
  stack: string;
  command: PulumiCommand;
  /** The flags going to the CLI (to see `--yes`). */
  passThrough: readonly string[];
  /** The policy pack directory the command runs (`up`/`preview` without `--no-policy`), else undefined. */
  policyPack?: string;
  /** The wrapper's own environment. */
  env: NodeJS.ProcessEnv;
  /** The CLI to run (`pulumiBin`). */
  bin: string;
  /** True when a terminal is attached (the CLI can prompt). */
  interactive: boolean;
  run?: Runner;
  /** `process.arch` of the machine running Pulumi. */
  hostArch?: string;
}

export interface Prerequisites {
  checks: Check[];
  /** Environment for the Pulumi CLI: Minikube's Docker variables and the backend URL added. */
  env: NodeJS.ProcessEnv;
  /** The Minikube profile the stack deploys to, when it was read (the URL printed after `up` depends on its driver). */
  minikubeProfile?: MinikubeProfile;
  /** Set for an image-load stack: `up` builds and loads its images first (image-load.ts). */
  imageLoad?: ImageLoadSettings;
}

export async function checkPrerequisites(options: PrerequisiteOptions): Promise<Prerequisites> {
  const { root, stack, command } = options;
  const run = options.run ?? systemRunner(options.env);
  const url = backendUrl(options.env, root);
  const checks: Check[] = [
    checkPulumiCli(options.bin, options.env),
    checkStackFile(root, stack),
    checkPassphrase(options.env),
    ensureFileBackend(url),
  ];
  if (options.policyPack) checks.push(checkPolicyPack(options.policyPack));
  const confirmation = checkNonInteractive(command, options.passThrough, options.interactive);
  if (confirmation) checks.push(confirmation);

  const settings = readStackSettings(root, stack);
  let dockerEnv: Record<string, string> = {};
  let minikubeProfile: MinikubeProfile | undefined;
  let imageLoad: ImageLoadSettings | undefined;
  if (settings && buildsInMinikube(settings)) {
    const minikube = checkMinikubeRunning(run);
    checks.push(minikube);
    // How the images reach this cluster (image-delivery.ts): only docker-env needs Minikube's daemon.
    const delivery = minikube.ok ? detectImageDelivery(run, settings, options.env, stack) : undefined;
    if (delivery) checks.push(delivery.check);
    minikubeProfile = delivery?.profile;
    if (delivery?.check.ok && delivery.choice.delivery === 'docker-env') {
      const docker = minikubeDockerEnv(run);
      checks.push(docker.check);
      dockerEnv = docker.env;
      if (docker.check.ok) {
        const daemon = await probeDocker(dockerEnv);
        checks.push(daemon.check);
        if (daemon.check.ok) checks.push(checkBuildPlatform(daemon.platform, options.hostArch ?? process.arch, settings.platform, stack));
      }
    }
    if (delivery?.check.ok && delivery.choice.delivery === 'image-load') {
      // Built with this machine's Docker, then loaded: that daemon must answer.
      checks.push((await probeDocker(options.env)).check);
      const profile = delivery.profile?.name ?? settings.kubeContext;
      imageLoad = { profile, nodeImage: settings.nodeImage, platform: settings.platform, network: settings.buildNetwork };
    }
  } else if (settings && !settings.deploysReferences) {
    checks.push((await probeDocker(options.env)).check);
  }
  // A stack deploying given image references builds nothing and registers no docker provider
  // (infra/stack.ts): it needs neither a Docker daemon nor Minikube's, only the cluster.
  // PULUMI_NODEJS_TRANSPILE_ONLY: the SDK's program runner then has ts-node transpile without type
  // checking (@pulumi/pulumi cmd/run/run.js; ts-node type-checks by default). Measured on the real
  // engine: a no-op preview's CPU time drops from about 13 s to 5 s. The types are checked by
  // `npm run typecheck` and the tests instead; PULUMI_NODEJS_TRANSPILE_ONLY=false brings it back.
  const env: NodeJS.ProcessEnv = {
    ...options.env,
    ...dockerEnv,
    PULUMI_BACKEND_URL: url,
    PULUMI_SKIP_UPDATE_CHECK: 'true',
    PULUMI_NODEJS_TRANSPILE_ONLY: options.env.PULUMI_NODEJS_TRANSPILE_ONLY ?? 'true',
  };
  return { checks, env, minikubeProfile, imageLoad };
}

// The helpers other tools reuse (the smoke check reads stack outputs with the same CLI and backend).
export { backendUrl } from './checks';
export { pulumiBin } from './cli';
export type { CommandResult, Runner } from './minikube';

export function formatChecks(checks: readonly Check[]): string {
  return checks.map((c) => `${c.ok ? '  ok ' : '  FAIL'} ${c.name}: ${c.detail}`).join('\n');
}
