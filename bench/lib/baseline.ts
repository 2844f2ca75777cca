import { join } from 'node:path';
import { freePort } from '@todo/testkit/ports';
import { startService, waitForReady, type Service } from '@todo/testkit/processes';

/**
 * Starts bench/baseline-server.ts and waits until it answers: reads for `userId`, writes for
 * `writeUserId` (so writes leave the measured list as it is).
 */
export async function startBaseline(
  databaseUrl: string,
  users: { userId: string; writeUserId: string },
  options: { nodeArgs?: string[] } = {},
): Promise<{ service: Service; url: string }> {
  const { userId, writeUserId } = users;
  const port = await freePort();
  const service = startService({
    name: 'baseline',
    command: process.execPath,
    args: [...(options.nodeArgs ?? []), '--import', 'tsx', join(__dirname, '..', 'baseline-server.ts')],
    env: { PATH: process.env.PATH, NODE_ENV: 'production', DATABASE_URL: databaseUrl, USER_ID: userId, WRITE_USER_ID: writeUserId, PORT: String(port) },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForReady(service, `${url}/tasks?limit=1`, 30_000);
  return { service, url };
}
