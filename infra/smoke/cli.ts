import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { createFrontDoor } from './front-door';
import { startPortForward, type PortForward, type StartPortForward } from './port-forward';
import { runSmoke, type SmokeResult } from './runner';
import { smokeSteps, type SmokeStep } from './steps';
import { defaultBackendProbes, frontDoorUrl, frontendUrlFromStack, SmokeTargetError, type EnvRunner, type SmokeTarget } from './target';

export const SMOKE_USAGE = `npm run smoke [-- options]

Verifies a running release through its front door: the frontend's health route, a throwaway user
signed up through the frontend, a task created, listed, completed and deleted through the frontend,
the backend not answering from outside, and the throwaway user deleted at the end.

  --url <url>            the frontend's public URL (default: the stack's frontendUrl output; on
                         Minikube's NodePort, the node's IP, or a kubectl port-forward opened for
                         the test where the driver gives no route to it: docker/podman on macOS,
                         Windows, WSL)
  --stack <name>         stack whose outputs give the URL (default $PULUMI_STACK or dev)
  --backend-probe <url>  an address where the backend must NOT answer (repeatable;
                         default: the frontend's host on the backend port; none through a
                         port-forward)
  --no-backend-probe     probe no address (the step then only reports it)
  --timeout <ms>         per-request timeout (default 10000)
  --wait <seconds>       keep retrying the health route this long first (default 60)
  --help`;

export class SmokeUsageError extends Error {}

export interface SmokeOptions {
  url?: string;
  stack: string;
  backendProbes?: string[];
  timeoutMs: number;
  waitSeconds: number;
  help: boolean;
}

function positiveNumber(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) throw new SmokeUsageError(`${flag} must be a number >= 0 (got ${JSON.stringify(value)})`);
  return number;
}

export function parseSmokeArgs(argv: readonly string[], env: NodeJS.ProcessEnv): SmokeOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        url: { type: 'string' },
        stack: { type: 'string', short: 's' },
        'backend-probe': { type: 'string', multiple: true },
        'no-backend-probe': { type: 'boolean' },
        timeout: { type: 'string' },
        wait: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new SmokeUsageError(`${(error as Error).message}\n\n${SMOKE_USAGE}`);
  }
  return {
    url: values.url,
    stack: values.stack ?? env.PULUMI_STACK ?? 'dev',
    backendProbes: values['no-backend-probe'] ? [] : values['backend-probe'],
    timeoutMs: positiveNumber(values.timeout, '--timeout', 10_000),
    waitSeconds: positiveNumber(values.wait, '--wait', 60),
    help: values.help ?? false,
  };
}

/** The health step retried until it passes or `waitSeconds` are over: a fresh Ingress or Service may take a moment. */
export function withHealthWait(
  steps: readonly SmokeStep[],
  waitSeconds: number,
  sleep = (ms: number) => new Promise((r) => setTimeout(r, ms)),
): SmokeStep[] {
  return steps.map((step, index) =>
    index !== 0
      ? step
      : {
          ...step,
          async run(ctx) {
            const deadline = performance.now() + waitSeconds * 1000;
            for (;;) {
              try {
                return await step.run(ctx);
              } catch (error) {
                if (performance.now() >= deadline) throw error;
                await sleep(1000);
              }
            }
          },
        },
  );
}

export interface SmokeDeps {
  root?: string;
  run?: EnvRunner;
  print?: (line: string) => void;
  steps?: readonly SmokeStep[];
  /** Opens the port-forward a target may need (port-forward.ts); tests give their own. */
  portForward?: StartPortForward;
  platform?: NodeJS.Platform;
}

/** `npm run smoke` and the end of `npm run deploy`. Resolves to the exit code: 0 passed, 1 failed, 2 bad usage. */
export async function smokeMain(argv: readonly string[], env: NodeJS.ProcessEnv, deps: SmokeDeps = {}): Promise<number> {
  const print = deps.print ?? ((line: string) => console.log(line));
  let options: SmokeOptions;
  let target: SmokeTarget;
  let forward: PortForward | undefined;
  try {
    options = parseSmokeArgs(argv, env);
    if (options.help) {
      print(SMOKE_USAGE);
      return 0;
    }
    const root = deps.root ?? path.resolve(__dirname, '..', '..');
    target = options.url
      ? { url: frontDoorUrl(options.url, '--url'), source: '--url' }
      : frontendUrlFromStack({ root, stack: options.stack, env, run: deps.run, platform: deps.platform });
    if (target.forward) {
      forward = await (deps.portForward ?? startPortForward)(target.forward, env);
      target = { ...target, url: forward.url };
    }
  } catch (error) {
    if (error instanceof SmokeUsageError || error instanceof SmokeTargetError) {
      print(`smoke test: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const frontDoor = createFrontDoor(target.url.toString(), options.timeoutMs);
  // Through a port-forward the front door is this machine's loopback, where the backend's port may
  // be a local dev server; the node itself is not routable from here, so there is nothing to probe.
  const backendProbes = options.backendProbes ?? (forward ? [] : defaultBackendProbes(target.url));
  print(`smoke test of ${frontDoor.baseUrl} (${target.source})`);
  try {
    const result: SmokeResult = await runSmoke(
      withHealthWait(deps.steps ?? smokeSteps, options.waitSeconds),
      { frontDoor, backendProbes, probeTimeoutMs: Math.min(options.timeoutMs, 3000), state: {} },
      print,
    );
    return result.ok ? 0 : 1;
  } finally {
    await forward?.stop();
  }
}
