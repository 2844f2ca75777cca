import { openBenchDatabase } from '../lib/bench-database';
import { startService, waitForReady } from '../lib/processes';
import { freePort } from '../lib/ports';
(async () => {
  const db = await openBenchDatabase();
  for (const args of [[], ['--cpu-prof', '--cpu-prof-dir=/tmp/sprof']]) {
    const port = await freePort();
    const svc = startService('s', process.execPath, [...args, 'apps/backend/dist/main.js'], { PATH: process.env.PATH, NODE_ENV: 'production', DATABASE_URL: db.url, JWT_SECRET: 'x'.repeat(40), LLM_PROVIDER: 'disabled', SHUTDOWN_DRAIN_MS: '0', PORT: String(port) });
    console.log(args.length ? 'profiled' : 'plain', (await waitForReady(svc, `http://127.0.0.1:${port}/health/ready`)).toFixed(0), 'ms');
    await svc.stop();
  }
  const t0 = performance.now();
  const { execFileSync } = await import('node:child_process');
  execFileSync(process.execPath, ['-e', '0']);
  console.log('bare node start', (performance.now() - t0).toFixed(0), 'ms');
  await db.close();
})();
