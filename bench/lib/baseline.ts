import { join } from 'node:path';
import { freePort } from '@todo/testkit/ports';
import { startService, waitForReady, type Service } from '@todo/testkit/processes';

/** Starts bench/baseline-server.ts for `userId` and waits until it answers. */
export async function startBaseline(databaseUrl: string, userId: string): Promise<{ service: Service; url: string }> {
  const port = await freePort();
  const service = startService({
    name: 'baseline',
    command: process.execPath,
    args: ['--import', 'tsx', join(__dirname, '..', 'baseline-server.ts')],
    env: { PATH: process.env.PATH, NODE_ENV: 'production', DATABASE_URL: databaseUrl, USER_ID: userId, PORT: String(port) },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForReady(service, `${url}/tasks?limit=1`, 30_000);
  return { service, url };
}
