import { join } from 'node:path';
import { freePort } from '@todo/testkit/ports';
import { startService, waitForReady, type Service } from '@todo/testkit/processes';

/**
 * Starts one of the bench's own reference servers (`bench/<script>`, run with tsx) on a free port
 * and waits until `readyPath` answers 200; stops it when it never does.
 */
export async function startBenchScript(options: {
  name: string;
  script: string;
  env: Record<string, string>;
  readyPath: string;
  nodeArgs?: string[];
}): Promise<{ service: Service; url: string }> {
  const port = await freePort();
  const service = startService({
    name: options.name,
    command: process.execPath,
    args: [...(options.nodeArgs ?? []), '--import', 'tsx', join(__dirname, '..', options.script)],
    env: { PATH: process.env.PATH, NODE_ENV: 'production', ...options.env, PORT: String(port) },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForReady(service, `${url}${options.readyPath}`, 30_000).catch(async (error: unknown) => {
    await service.stop('SIGKILL');
    throw error;
  });
  return { service, url };
}

/**
 * Starts bench/baseline-server.ts and waits until it answers: reads for `userId`, writes for
 * `writeUserId` (so writes leave the measured list as it is).
 */
export function startBaseline(
  databaseUrl: string,
  users: { userId: string; writeUserId: string },
  options: { nodeArgs?: string[] } = {},
): Promise<{ service: Service; url: string }> {
  return startBenchScript({
    name: 'baseline',
    script: 'baseline-server.ts',
    env: { DATABASE_URL: databaseUrl, USER_ID: users.userId, WRITE_USER_ID: users.writeUserId },
    readyPath: '/tasks?limit=1',
    nodeArgs: options.nodeArgs,
  });
}
