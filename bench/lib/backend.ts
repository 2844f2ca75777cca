import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from '@todo/testkit/ports';
import { cpuMs, startService, waitForReady, type Service } from '@todo/testkit/processes';

export const repoRoot = resolve(__dirname, '../..');
/** The production entry point: the esbuild bundle the image runs with `node`. */
export const backendBundle = join(repoRoot, 'apps/backend/dist/main.js');

/** Builds the backend bundle the way the image does (`npm run build -w @todo/backend`). */
export function buildBackend(): void {
  execFileSync('npm', ['run', 'build', '-w', '@todo/backend'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  if (!existsSync(backendBundle)) throw new Error(`npm run build -w @todo/backend did not produce ${backendBundle}`);
}

export interface RunningBackend {
  service: Service;
  url: string;
  /** From spawn to the first 200 from `/health/ready`. */
  startToReadyMs: number;
  /** CPU the process used until then: unlike wall time, barely moved by other work on the machine. */
  cpuToReadyMs: number | null;
}

/** A JWT secret that exists only for this run. */
export const oneOffJwtSecret = () => randomBytes(32).toString('hex');

export interface StartOptions {
  /** Another build of the backend (e.g. another commit's `dist/main.js`); this tree's by default. */
  bundle?: string;
  /** Flags for `node` itself, e.g. `--cpu-prof`. */
  nodeArgs?: string[];
}

/**
 * Starts `node apps/backend/dist/main.js` as the Deployment would (production env, real signals) and
 * waits until `/health/ready` answers 200. `env` overrides the defaults below.
 */
export async function startBackend(
  name: string,
  env: NodeJS.ProcessEnv & { DATABASE_URL: string; JWT_SECRET: string },
  options: StartOptions = {},
): Promise<RunningBackend> {
  const port = Number(env.PORT ?? (await freePort()));
  const service = startService({
    name,
    command: process.execPath,
    args: [...(options.nodeArgs ?? []), options.bundle ?? backendBundle],
    env: { PATH: process.env.PATH, NODE_ENV: 'production', LOG_LEVEL: 'info', LLM_PROVIDER: 'disabled', ...env, PORT: String(port) },
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    const startToReadyMs = await waitForReady(service, `${url}/health/ready`);
    return { service, url, startToReadyMs, cpuToReadyMs: cpuMs(service.pid) };
  } catch (error) {
    await service.stop('SIGKILL');
    throw error;
  }
}
