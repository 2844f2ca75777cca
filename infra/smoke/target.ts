import { backendUrl } from '../deploy/checks';
import { pulumiBin } from '../deploy/cli';
import { systemRunner, type CommandResult } from '../deploy/minikube';
import { BACKEND_PORT } from '../ports';
import { chooseReach, currentProfile, type Reach } from './reach';

/**
 * Where the smoke test knocks: the release's front door (`--url`, or the stack's `frontendUrl`
 * output) and the addresses where the backend must not answer.
 */

/** Runs a command with the environment given for that call (the stack output and `minikube ip` need different ones). */
export type EnvRunner = (command: string, args: string[], env: NodeJS.ProcessEnv) => CommandResult;

/** The deploy wrapper's process runner (infra/deploy/minikube.ts), given each call's environment. */
const systemEnvRunner: EnvRunner = (command, args, env) => systemRunner(env)(command, args);

export class SmokeTargetError extends Error {}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Checks a URL given by the user or a stack output: absolute http(s), nothing else. */
export function frontDoorUrl(value: string, from: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SmokeTargetError(`${from} is not a URL: ${JSON.stringify(value)}; give one such as --url http://192.168.49.2:30080`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SmokeTargetError(`${from} must be an http:// or https:// URL (got ${url.protocol})`);
  }
  return url;
}

/** Where the smoke test knocks; `forward` set: first open that port-forward and knock on its URL instead. */
export interface SmokeTarget {
  url: URL;
  source: string;
  forward?: Extract<Reach, { kind: 'port-forward' }>;
}

/**
 * The front door from the stack's outputs (`pulumi stack output --json`, state from the same place
 * `npm run deploy` uses). On Minikube with the NodePort, `frontendUrl` is `http://localhost:<nodePort>`
 * (the backend's CORS origin). From this machine the NodePort answers on `minikube ip` where the
 * driver routes to the node (the docker driver on Linux, the VM drivers), so the host is swapped
 * for it; with the docker or podman driver on macOS, Windows or WSL it does not
 * (`driver.NeedsPortForward`), and the target says to go through `kubectl port-forward` (reach.ts).
 */
export function frontendUrlFromStack(options: {
  root: string;
  stack: string;
  env: NodeJS.ProcessEnv;
  run?: EnvRunner;
  /** `process.platform` of this machine. */
  platform?: NodeJS.Platform;
}): SmokeTarget {
  const run = options.run ?? systemEnvRunner;
  // The same CLI and state backend as `npm run deploy` (infra/deploy/cli.ts, checks.ts), and the
  // passphrase passed through: CLIs before pulumi/pulumi#23820 need it even for plain outputs (#21141).
  const env = { ...options.env, PULUMI_BACKEND_URL: backendUrl(options.env, options.root), PULUMI_SKIP_UPDATE_CHECK: 'true' };
  const result = run(pulumiBin(options.root, options.env), ['stack', 'output', '--json', '--stack', options.stack], env);
  if (result.error || result.status !== 0) {
    const why = result.error?.message ?? (result.stderr.trim() || `exit ${result.status}`);
    throw new SmokeTargetError(
      `cannot read the outputs of stack "${options.stack}" (${why}); deploy first (npm run deploy) or pass --url <frontend URL>`,
    );
  }
  let outputs: { frontendUrl?: unknown; frontendUrlCommand?: unknown; namespace?: unknown };
  try {
    outputs = JSON.parse(result.stdout) as typeof outputs;
  } catch {
    throw new SmokeTargetError(`pulumi stack output --json printed something that is not JSON; pass --url <frontend URL>`);
  }
  if (typeof outputs.frontendUrl !== 'string') {
    throw new SmokeTargetError(`stack "${options.stack}" has no frontendUrl output; deploy first (npm run deploy) or pass --url`);
  }
  const url = frontDoorUrl(outputs.frontendUrl, `the frontendUrl output of stack "${options.stack}"`);
  const onMinikube = typeof outputs.frontendUrlCommand === 'string' && outputs.frontendUrlCommand.startsWith('minikube service');
  if (!onMinikube || !LOOPBACK_HOSTS.has(url.hostname)) return { url, source: `stack ${options.stack} output frontendUrl` };

  const listed = run('minikube', ['profile', 'list', '-o', 'json'], options.env);
  const namespace =
    typeof outputs.namespace === 'string' ? outputs.namespace : (/ -n (\S+)/.exec(String(outputs.frontendUrlCommand))?.[1] ?? 'todo-app');
  const { reach, reason } = chooseReach({
    profile: listed.status === 0 && !listed.error ? currentProfile(listed.stdout, options.env) : undefined,
    namespace,
    platform: options.platform ?? process.platform,
    env: options.env,
  });
  if (reach.kind === 'port-forward') return { url, source: `stack ${options.stack} output frontendUrl, ${reason}`, forward: reach };

  const ip = run('minikube', ['ip'], options.env);
  const nodeIp = ip.stdout.trim();
  if (ip.error || ip.status !== 0 || !nodeIp) {
    throw new SmokeTargetError(
      `minikube ip failed (${ip.error?.message ?? (ip.stderr.trim() || `exit ${ip.status}`)}); pass --url "$(minikube service frontend -n todo-app --url)"`,
    );
  }
  url.hostname = nodeIp;
  return { url, source: `stack ${options.stack} output frontendUrl, ${reason}` };
}

/** By default: the front door's host on the backend's port, where a mis-exposed backend would answer. */
export function defaultBackendProbes(frontDoor: URL): string[] {
  // WHATWG URL keeps the brackets of an IPv6 hostname, so it can be used as is.
  return [`http://${frontDoor.hostname}:${BACKEND_PORT}`];
}
