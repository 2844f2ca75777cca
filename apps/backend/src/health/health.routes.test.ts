import request from 'supertest';
import { createApp, type App } from '../app';
import { createDatabase, type Database } from '../db/database';
import { createLifecycle, type Lifecycle } from '../lifecycle';
import { createLogger } from '../observability/logger';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { startTcpProxy, type TcpProxy } from '@todo/testkit/tcp-proxy';
import { testConfig } from '../testing/test-app';

let db: TestDatabase;
let proxy: TcpProxy;
let database: Database;
let lifecycle: Lifecycle;
let app: App;

beforeAll(async () => {
  db = await createTestDatabase();
  const target = new URL(db.url);
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  // The app reaches the database only through the proxy, so the test can take the database away.
  database = createDatabase(proxy.proxiedUrl(db.url), { connectionTimeoutMs: 1000 });
});

beforeEach(() => {
  proxy.restore();
  lifecycle = createLifecycle();
  app = createApp({ config: testConfig({}, db.url), database, lifecycle, logger: createLogger({ level: 'silent' }) });
});

afterAll(async () => {
  await database.close();
  await proxy.close();
  await db.close();
});

describe('GET /health/startup', () => {
  it('when initialisation has not finished, then 503 starting; once it has, then 200 ok', async () => {
    const before = await request(app).get('/health/startup');
    lifecycle.markStarted();
    const after = await request(app).get('/health/startup');

    expect([before.status, before.body]).toEqual([503, { status: 'starting' }]);
    expect([after.status, after.body]).toEqual([200, { status: 'ok' }]);
  });
});

describe('GET /health/live', () => {
  it('when the database is unreachable, then liveness still answers 200 (no dependency checks)', async () => {
    lifecycle.markStarted();
    proxy.cut();

    const res = await request(app).get('/health/live');

    expect([res.status, res.body]).toEqual([200, { status: 'ok' }]);
  });
});

describe('GET /health/ready', () => {
  it('when the database goes away and comes back, then readiness flips 200 → 503 → 200', async () => {
    lifecycle.markStarted();

    const up = await request(app).get('/health/ready');
    proxy.cut();
    const down = await request(app).get('/health/ready');
    proxy.restore();
    const back = await request(app).get('/health/ready');

    expect([up.status, up.body]).toEqual([200, { status: 'ok' }]);
    expect([down.status, down.body]).toEqual([503, { status: 'unavailable' }]);
    expect([back.status, back.body]).toEqual([200, { status: 'ok' }]);
  });

  it('when shutdown has started, then 503 shutting_down even though the database answers', async () => {
    lifecycle.markStarted();
    lifecycle.markShuttingDown();

    const res = await request(app).get('/health/ready');

    expect([res.status, res.body]).toEqual([503, { status: 'shutting_down' }]);
    expect(res.headers.connection).toBe('close');
  });

  it('when the app has not started yet, then 503 starting', async () => {
    const res = await request(app).get('/health/ready');

    expect([res.status, res.body]).toEqual([503, { status: 'starting' }]);
  });
});

describe('GET /health', () => {
  it('when the database answers and the assistant is disabled, then 200 degraded with every check and its latency', async () => {
    lifecycle.markStarted();

    const res = await request(app).get('/health');

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'degraded',
      version: '0.1.0',
      uptimeSeconds: expect.any(Number),
      checks: {
        database: { status: 'healthy', latencyMs: expect.any(Number) },
        assistant: { status: 'degraded', latencyMs: 0, message: 'assistant disabled (LLM_PROVIDER=disabled)' },
      },
    });
  });

  it('when the database is unreachable, then 503 unhealthy naming the failed check', async () => {
    lifecycle.markStarted();
    proxy.cut();

    const res = await request(app).get('/health');

    expect(res.status).toBe(503);
    expect(res.body.status).toBe('unhealthy');
    expect(res.body.checks.database.status).toBe('unhealthy');
    expect(typeof res.body.checks.database.message).toBe('string');
  });

  it('when the API is called while the database is unreachable, then 503 service_unavailable, not 500', async () => {
    lifecycle.markStarted();
    proxy.cut();

    const res = await request(app).post('/api/v1/auth/login').send({ email: 'a@example.com', password: 'whatever1' });

    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('service_unavailable');
  });
});
