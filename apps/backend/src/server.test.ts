import { Router } from 'express';
import { createApp } from './app';
import type { Database } from './db/database';
import { createLifecycle } from './lifecycle';
import { createLogger } from './observability/logger';
import { startServer, type RunningServer } from './server';
import { testConfig } from './testing/test-app';

/** The drain needs no database: a stub that always answers keeps this test about the server. */
const stubDatabase = (onClose: () => void): Database => ({
  prisma: {} as Database['prisma'],
  sql: { table: (name) => name, query: () => Promise.resolve([]) },
  ping: async () => undefined,
  close: async () => onClose(),
});

async function start(drainMs: number, events: string[]): Promise<RunningServer> {
  const lifecycle = createLifecycle({ started: true });
  const slow = () => {
    const router = Router();
    router.get('/slow', async (_req, res) => {
      await new Promise((resolve) => setTimeout(resolve, 600));
      events.push('in-flight answered');
      res.json({ done: true });
    });
    return router;
  };
  const app = createApp({
    config: testConfig(),
    database: stubDatabase(() => events.push('database closed')),
    logger: createLogger({ level: 'silent' }),
    lifecycle,
    extraRoutes: slow,
  });
  return startServer({
    app,
    lifecycle,
    logger: createLogger({ level: 'silent' }),
    port: 0,
    host: '127.0.0.1',
    drainMs,
    onClosed: async () => {
      events.push('closed');
    },
  });
}

describe('startServer shutdown', () => {
  it('when shutdown starts, then readiness is 503 at once, requests are still served during the drain, in-flight ones finish, then the pool closes', async () => {
    const events: string[] = [];
    const running = await start(400, events);
    const inFlight = fetch(`${running.url}/api/v1/slow`).then(async (res) => ({ status: res.status, body: await res.json() }));
    await new Promise((resolve) => setTimeout(resolve, 50));

    const started = Date.now();
    const shutdown = running.shutdown('test').then(() => events.push('shutdown resolved'));
    const ready = await fetch(`${running.url}/health/ready`);
    const duringDrain = await fetch(`${running.url}/health/live`);

    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'shutting_down' });
    expect(duringDrain.status).toBe(200);
    expect(await inFlight).toEqual({ status: 200, body: { done: true } });
    await shutdown;
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(events).toEqual(['in-flight answered', 'closed', 'shutdown resolved']);
    await expect(fetch(`${running.url}/health/live`)).rejects.toThrow();
  });

  it('when shutdown is requested twice, then both calls share one shutdown', async () => {
    const running = await start(0, []);

    const first = running.shutdown('SIGTERM');
    const second = running.shutdown('SIGINT');

    expect(second).toBe(first);
    await first;
  });
});
