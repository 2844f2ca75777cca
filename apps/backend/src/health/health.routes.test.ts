import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { Client } from 'pg';
import { createTestSchema } from '@todo/testkit/test-schema';
import { createApp, type App } from '../app';
import { createDatabase, parseDatabaseUrl, type Database } from '../db/database';
import { applyMigrations } from '../db/migrator';
import { committedMigrationNames, findMigrationsDir } from '../db/migrations-folder';
import { createLifecycle, type Lifecycle } from '../lifecycle';
import { createLogger } from '../observability/logger';
import { createTestDatabase, oneMigrationAtATime, type TestDatabase } from '../testing/database';
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
        schema: { status: 'healthy', latencyMs: expect.any(Number) },
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

describe('readiness and the schema', () => {
  it('when the database lacks committed migrations, then readiness is 503 naming them and /health shows them, until the migration runs; then 200, without asking the database again', async () => {
    const committed = committedMigrationNames();
    const schema = await createTestSchema();
    const firstOnly = mkdtempSync(join(tmpdir(), 'first-migration-'));
    cpSync(join(findMigrationsDir(), 'migration_lock.toml'), join(firstOnly, 'migration_lock.toml'));
    cpSync(join(findMigrationsDir(), committed[0]!), join(firstOnly, committed[0]!), { recursive: true });
    const schemaDatabase = createDatabase(schema.url);
    const schemaApp = createApp({
      config: testConfig({}, schema.url),
      database: schemaDatabase,
      logger: createLogger({ level: 'silent' }),
    });
    try {
      const empty = await request(schemaApp).get('/health/ready');
      await oneMigrationAtATime(() => applyMigrations(schema.url, { migrationsDir: firstOnly }));
      const behind = await request(schemaApp).get('/health/ready');
      const report = await request(schemaApp).get('/health');
      await oneMigrationAtATime(() => applyMigrations(schema.url));
      const current = await request(schemaApp).get('/health/ready');
      // Once current, readiness no longer reads _prisma_migrations: take it away and ask again.
      const admin = new Client({ connectionString: parseDatabaseUrl(schema.url).connectionString });
      await admin.connect();
      await admin.query(`DROP TABLE "${schema.schema}"."_prisma_migrations"`).finally(() => admin.end());
      const remembered = await request(schemaApp).get('/health/ready');

      expect([empty.status, empty.body]).toEqual([503, { status: 'schema_outdated', missingMigrations: committed }]);
      expect([behind.status, behind.body]).toEqual([503, { status: 'schema_outdated', missingMigrations: committed.slice(1) }]);
      expect(report.status).toBe(503);
      expect(report.body.checks.schema).toEqual({
        status: 'unhealthy',
        latencyMs: expect.any(Number),
        message: `missing migrations: ${committed.slice(1).join(', ')} (the migration Job, node dist/migrate.js, applies them)`,
      });
      expect([current.status, current.body]).toEqual([200, { status: 'ok' }]);
      expect([remembered.status, remembered.body]).toEqual([200, { status: 'ok' }]);
    } finally {
      await schemaDatabase.close();
      await schema.close();
      rmSync(firstOnly, { recursive: true, force: true });
    }
  });
});
