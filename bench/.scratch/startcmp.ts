import { openBenchDatabase } from '../lib/bench-database';
import { cpuMs, rssMiB, startService, waitForReady } from '../lib/processes';
import { freePort } from '../lib/ports';
(async () => {
  const db = await openBenchDatabase();
  for (let r = 0; r < 3; r++) for (const file of ['apps/backend/dist/main-orig.js', 'apps/backend/dist/main-zod.js']) {
    const port = await freePort();
    const svc = startService('s', process.execPath, [file], { PATH: process.env.PATH, NODE_ENV: 'production', DATABASE_URL: db.url, JWT_SECRET: 'x'.repeat(40), LLM_PROVIDER: 'disabled', SHUTDOWN_DRAIN_MS: '0', PORT: String(port) });
    const ms = await waitForReady(svc, `http://127.0.0.1:${port}/health/ready`); const cpu = cpuMs(svc.pid);
    const r2 = await fetch(`http://127.0.0.1:${port}/api/v1/openapi.json`); const ok = r2.status;
    await new Promise((res) => setTimeout(res, 1000));
    console.log(file.padEnd(32), ms.toFixed(0).padStart(5), 'ms cpu', cpu, 'rss', rssMiB(svc.pid)?.toFixed(1), 'openapi', ok, 'load', (await import('node:os')).loadavg()[0].toFixed(1));
    await svc.stop();
  }
  await db.close();
})();
