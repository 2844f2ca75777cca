import { seedTasks, signUp } from '../lib/api';
import { openBenchDatabase } from '../lib/bench-database';
import { runLoad } from '../lib/load';
import { cpuMs, startService, waitForReady } from '../lib/processes';
import { freePort } from '../lib/ports';

(async () => {
  const db = await openBenchDatabase();
  const start = async (ll: string) => {
    const port = await freePort();
    const svc = startService('dec', process.execPath, ['apps/backend/dist/main.js'], {
      PATH: process.env.PATH, NODE_ENV: 'production', DATABASE_URL: db.url, JWT_SECRET: 'x'.repeat(40), LOG_LEVEL: ll, LLM_PROVIDER: 'disabled', SHUTDOWN_DRAIN_MS: '0', PORT: String(port),
    });
    const url = `http://127.0.0.1:${port}`;
    await waitForReady(svc, `${url}/health/ready`);
    return { svc, url };
  };
  const first = await start('info');
  const { token } = await signUp(first.url);
  await seedTasks(first.url, token, 50);
  await first.svc.stop();
  const auth = { authorization: `Bearer ${token}` };
  for (const ll of (process.env.LLS ?? 'info,silent').split(',')) {
    const b = await start(ll);
    for (const [name, path, headers] of [['live', '/health/live', undefined], ['me', '/api/v1/auth/me', auth], ['tasks1', '/api/v1/tasks?limit=1', auth], ['tasks50', '/api/v1/tasks?limit=50', auth], ['tasks50b', '/api/v1/tasks?limit=50', auth]] as const) {
      await runLoad({ title: 'w', url: b.url + path, headers, connections: 10, durationSeconds: 2 });
      const c0 = cpuMs(b.svc.pid)!;
      const r = await runLoad({ title: name, url: b.url + path, headers, connections: 10, durationSeconds: Number(process.env.D ?? 5) });
      const c1 = cpuMs(b.svc.pid)!;
      console.log(ll.padEnd(7), name.padEnd(8), 'rps', r.requestsPerSecond.toFixed(0).padStart(5), 'cpu µs/req', ((c1 - c0) * 1000 / r.requests).toFixed(0).padStart(6), 'n', r.requests, 'load', (await import('node:os')).loadavg()[0].toFixed(1));
    }
    await b.svc.stop();
  }
  await db.close();
})();
