import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './backend';
import { startBenchScript } from './baseline';
import { freePort } from '@todo/testkit/ports';
import { rssMiB, startService, waitForReady, type Service } from '@todo/testkit/processes';

/** The production entry of the frontend after `npm run build -w @todo/frontend`. */
export const frontendServer = join(repoRoot, 'apps/frontend/.next/standalone/apps/frontend/server.js');

export type FrontendIdle = { built: true; startToReadyMs: number; idleRssMiB: number | null } | { built: false };

export interface RunningFrontend {
  service: Service;
  url: string;
  startToReadyMs: number;
}

/** Starts the standalone Next server as the image does and waits for `/api/health`. */
export async function startFrontend(backendUrl: string, options: { nodeArgs?: string[] } = {}): Promise<RunningFrontend> {
  const port = await freePort();
  const service = startService({
    name: 'frontend',
    command: process.execPath,
    args: [...(options.nodeArgs ?? []), frontendServer],
    env: { PATH: process.env.PATH, NODE_ENV: 'production', PORT: String(port), HOSTNAME: '127.0.0.1', BACKEND_URL: backendUrl },
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    return { service, url, startToReadyMs: await waitForReady(service, `${url}/api/health`, 30_000) };
  } catch (error) {
    await service.stop('SIGKILL');
    throw error;
  }
}

/** A bare `node:http` proxy (bench/bare-proxy.ts) in front of `backendUrl`: the BFF's reference point. */
export function startBareProxy(backendUrl: string): Promise<{ service: Service; url: string }> {
  return startBenchScript({ name: 'bare-proxy', script: 'bare-proxy.ts', env: { BACKEND_URL: backendUrl }, readyPath: '/health/live' });
}

/**
 * Starts the frontend with a backend URL that points nowhere (the idle figure needs no backend),
 * lets it settle for `settleMs`, and reads its RSS.
 */
export async function measureFrontendIdle(settleMs: number): Promise<FrontendIdle> {
  if (!existsSync(frontendServer)) return { built: false };
  const frontend = await startFrontend('http://127.0.0.1:9');
  try {
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    return { built: true, startToReadyMs: frontend.startToReadyMs, idleRssMiB: rssMiB(frontend.service.pid) };
  } finally {
    await frontend.service.stop('SIGTERM', 5_000);
  }
}
