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
import { checkMinikubeRunning, minikubeDockerEnv, systemRunner, type Runner } from './minikube';

/**
 * Every check `npm run deploy|preview|destroy|refresh` makes before handing over to the Pulumi CLI,
 * in the order a user would fix them, each failure with the command that fixes it.
 */

export interface StackSettings {
  kubeContext: string;
  registryServer?: string;
  platform?: string;
  /** True when the stack names both `backendImage` and `frontendImage`: nothing is built. */
  deploysReferences: boolean;
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
    deploysReferences: str('backendImage') !== undefined && str('frontendImage') !== undefined,
  };
}

/** Minikube stacks build inside Minikube's Docker daemon; registry stacks build locally and push. */
export function buildsInMinikube(settings: StackSettings): boolean {
  return settings.kubeContext === 'minikube' && !settings.registryServer && !settings.deploysReferences;
}

export interface PrerequisiteOptions {
  root: string;
  stack: string;
  command: PulumiCommand;
  /** The flags going to the CLI (to see `--yes`). */
  passThrough: readonly string[];
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
  if (command === 'preview') checks.push(checkPolicyPack(path.join(root, 'infra', 'policy')));
  const confirmation = checkNonInteractive(command, options.passThrough, options.interactive);
  if (confirmation) checks.push(confirmation);

  const settings = readStackSettings(root, stack);
  let dockerEnv: Record<string, string> = {};
  if (settings && buildsInMinikube(settings)) {
    const minikube = checkMinikubeRunning(run);
    checks.push(minikube);
    if (minikube.ok) {
      const docker = minikubeDockerEnv(run);
      checks.push(docker.check);
      dockerEnv = docker.env;
      if (docker.check.ok) {
        const daemon = await probeDocker(dockerEnv);
        checks.push(daemon.check);
        if (daemon.check.ok) checks.push(checkBuildPlatform(daemon.platform, options.hostArch ?? process.arch, settings.platform, stack));
      }
    }
  } else if (settings && !settings.deploysReferences) {
    checks.push((await probeDocker(options.env)).check);
  }
  // A stack deploying given image references builds nothing and registers no docker provider
  // (infra/stack.ts): it needs neither a Docker daemon nor Minikube's, only the cluster.
  const env: NodeJS.ProcessEnv = { ...options.env, ...dockerEnv, PULUMI_BACKEND_URL: url, PULUMI_SKIP_UPDATE_CHECK: 'true' };
  return { checks, env };
}

// The helpers other tools reuse (the smoke check reads stack outputs with the same CLI and backend).
export { backendUrl } from './checks';
export { pulumiBin } from './cli';
export type { CommandResult, Runner } from './minikube';

export function formatChecks(checks: readonly Check[]): string {
  return checks.map((c) => `${c.ok ? '  ok ' : '  FAIL'} ${c.name}: ${c.detail}`).join('\n');
}
