import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './backend';
import { freePort } from '@todo/testkit/ports';
import { rssMiB, startService, waitForReady } from '@todo/testkit/processes';

/** The production entry of the frontend after `npm run build -w @todo/frontend`. */
export const frontendServer = join(repoRoot, 'apps/frontend/.next/standalone/apps/frontend/server.js');

export type FrontendIdle =
  | { built: true; startToReadyMs: number; idleRssMiB: number | null }
  | { built: false };

/**
 * Starts the standalone Next server as the image does, waits for `/api/health`, lets it settle for
 * `settleMs`, and reads its RSS. The backend URL points nowhere: the idle figure needs no backend.
 */
export async function measureFrontendIdle(settleMs: number): Promise<FrontendIdle> {
  if (!existsSync(frontendServer)) return { built: false };
  const port = await freePort();
  const service = startService({
    name: 'frontend',
    command: process.execPath,
    args: [frontendServer],
    env: { PATH: process.env.PATH, NODE_ENV: 'production', PORT: String(port), HOSTNAME: '127.0.0.1', BACKEND_URL: 'http://127.0.0.1:9' },
  });
  try {
    const startToReadyMs = await waitForReady(service, `http://127.0.0.1:${port}/api/health`, 30_000);
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    return { built: true, startToReadyMs, idleRssMiB: rssMiB(service.pid) };
  } finally {
    await service.stop('SIGTERM', 5_000);
  }
}
