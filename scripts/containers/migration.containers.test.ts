import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@todo/testkit/ports';
import { startThrowawayPostgres, type ThrowawayPostgres } from '@todo/testkit/throwaway-postgres';
import { buildImage, docker, http, imageFiles, logs, run, sleep, startContainer } from './docker';
import { runMigrationJob, type MigrationJobRun } from './migration-job';
import { waitForProbe, waitForStatus } from './probes';
import { loadWorkload, probeBudgetMs, repoRoot, type Workload } from './workload';

/**
 * The migration Job as the cluster runs it: the backend image built from the declared inputs, the
 * Job's exact command and env from the Pulumi program, against a real PostgreSQL (a throwaway
 * cluster). Prisma's schema engine compiled to WebAssembly does the work (apps/backend/src/migrate.ts).
 */

const tag = 'todo-backend:containers-test';
const migrationsDir = join(repoRoot, 'apps/backend/prisma/migrations');
const committed = readdirSync(migrationsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const report: Record<string, unknown> = {};
const fixtures: string[] = [];
let workload: Workload;
let postgres: ThrowawayPostgres;

async function psql(database: string, sql: string): Promise<string[][]> {
  const result = await run('psql', ['-v', 'ON_ERROR_STOP=1', '-At', '-F', '|', '-d', postgres.url(database), '-c', sql]);
  if (result.code !== 0) throw new Error(`psql ${database}: ${result.stderr}`);
  return result.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('|'));
}

/** A new, empty database on the throwaway cluster; returns its URL. */
async function emptyDatabase(name: string): Promise<string> {
  await psql('postgres', `CREATE DATABASE ${name}`);
  return postgres.url(name);
}

const job = (databaseUrl: string, options: { migrationsDir?: string } = {}): Promise<MigrationJobRun> =>
  runMigrationJob({ image: tag, workload, secrets: { DATABASE_URL: databaseUrl }, ...options });

/** The committed migrations plus `extra`, readable by the container's uid (mounted over the image's). */
function fixtureFolder(extra: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'migration-fixture-'));
  fixtures.push(dir);
  cpSync(migrationsDir, dir, { recursive: true });
  for (const [name, sql] of Object.entries(extra)) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'migration.sql'), sql);
  }
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true }))
    chmodSync(join(entry.parentPath, entry.name), entry.isDirectory() ? 0o755 : 0o644);
  chmodSync(dir, 0o755);
  return dir;
}

/** Prisma Migrate's advisory lock key (prisma-engines sql-schema-connector/src/flavour/postgres.rs). */
const MIGRATE_LOCK = 72707369;
const lockSessions = (database: string, granted: boolean) =>
  psql(database, `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = ${MIGRATE_LOCK} AND granted = ${granted}`);

/** Polls `check` every 100 ms until it returns true; fails after `timeoutMs` naming `what`. */
async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const startedAt = Date.now();
  while (!(await check())) {
    if (Date.now() - startedAt > timeoutMs) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await sleep(100);
  }
}

const sha256 = (name: string): string =>
  createHash('sha256')
    .update(readFileSync(join(migrationsDir, name, 'migration.sql')))
    .digest('hex');

beforeAll(async () => {
  const info = await docker(['info', '--format', '{{.ServerVersion}}'], 20_000);
  if (info.code !== 0) throw new Error('No Docker engine answers: run `bash .ci/docker.sh` first (it installs and starts one).');
  workload = await loadWorkload('backend');
  postgres = await startThrowawayPostgres();
  report.backendBuildSeconds = await buildImage(workload, tag);
}, 900_000);

afterAll(async () => {
  await docker(['rm', '-f', 'todo-ct-backend-rollout']);
  await postgres?.destroy();
  for (const dir of fixtures) rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(repoRoot, 'artifacts'), { recursive: true });
  writeFileSync(join(repoRoot, 'artifacts', 'migration-containers.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`migration container report (artifacts/migration-containers.json):\n${JSON.stringify(report, null, 2)}`);
}, 60_000);

describe('the migration Job in the backend image', () => {
  test('when the program is rendered, then the Job runs `node dist/migrate.js` with only DATABASE_URL, from the Secret', () => {
    expect(workload.migrationCommand).toEqual(['node', 'dist/migrate.js']);
    expect(workload.migrationEnv).toEqual({ DATABASE_URL: null });
  });

  test('when it runs against an empty database, then it creates every table and records each migration as migrate deploy does', async () => {
    const url = await emptyDatabase('first_run');
    const startedAt = Date.now();

    const run1 = await job(url);

    report.firstRun = { wallMs: Date.now() - startedAt, stdout: run1.stdout.trim().split('\n') };
    expect({ code: run1.code, stderr: run1.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run1.applied).toEqual(committed);
    expect(await psql('first_run', `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)).toEqual(
      expect.arrayContaining([['_prisma_migrations'], ['conversations'], ['messages'], ['tasks'], ['users']]),
    );
    expect(
      await psql(
        'first_run',
        `SELECT migration_name, checksum, finished_at IS NOT NULL, rolled_back_at IS NULL, applied_steps_count, logs IS NULL FROM _prisma_migrations ORDER BY migration_name`,
      ),
    ).toEqual(committed.map((name) => [name, sha256(name), 't', 't', '1', 't']));
  }, 180_000);

  test('when it runs a second time, then nothing is applied and the records stay as they were', async () => {
    const before = await psql('first_run', 'SELECT id, finished_at FROM _prisma_migrations ORDER BY id');

    const run2 = await job(postgres.url('first_run'));

    expect(run2.code).toBe(0);
    expect(run2.applied).toEqual([]);
    expect(run2.stdout.trim().split('\n').at(-1)).toMatch(
      new RegExp(`^migrate: done: the database already has all ${committed.length} migrations, nothing to apply \\(\\d+ ms\\)$`),
    );
    expect(await psql('first_run', 'SELECT id, finished_at FROM _prisma_migrations ORDER BY id')).toEqual(before);
  }, 180_000);

  test('when a migration is broken, then the Job exits non-zero naming it, leaves nothing of it, and later runs refuse to continue (P3009)', async () => {
    const url = await emptyDatabase('broken');
    const dir = fixtureFolder({
      '29990101000000_broken': 'CREATE TABLE "half_done" ("id" INT);\nSELECT * FROM "no_such_table";\n',
      '29990102000000_later': 'CREATE TABLE "later" ("id" INT);\n',
    });

    const failed = await job(url, { migrationsDir: dir });
    const refused = await job(url, { migrationsDir: dir });

    report.brokenMigration = { failed: failed.stderr.trim(), refused: refused.stderr.trim() };
    expect(failed.code).toBe(1);
    expect(failed.applied).toEqual(committed);
    expect(failed.stderr).toMatch(/^migrate: FAILED: migration 29990101000000_broken failed and was rolled back: .*no_such_table/m);
    expect(refused.code).toBe(1);
    expect(refused.applied).toEqual([]);
    expect(refused.stderr).toMatch(/^migrate: FAILED: migration 29990101000000_broken failed in an earlier run .*\(P3009\)/m);
    expect(await psql('broken', `SELECT tablename FROM pg_tables WHERE tablename IN ('half_done', 'later')`)).toEqual([]);
    expect(
      await psql('broken', `SELECT migration_name, finished_at IS NULL FROM _prisma_migrations WHERE migration_name LIKE '2999%'`),
    ).toEqual([['29990101000000_broken', 't']]);
  }, 180_000);

  test('when two Jobs run at once on an empty database, then the second waits on the advisory lock and each migration is applied exactly once', async () => {
    const url = await emptyDatabase('concurrent');
    // Another session holds Migrate's lock until both Jobs are seen waiting for it, so they overlap
    // for certain (each waits up to 10 s for the lock, as migrate deploy does; they start together).
    const holder = spawn('psql', ['-d', url, '-c', `SELECT pg_advisory_lock(${MIGRATE_LOCK}), pg_sleep(120)`], { stdio: 'ignore' });
    try {
      await until('the holder taking the lock', async () => (await lockSessions('concurrent', true)).length === 1, 10_000);
      const holderPid = (await lockSessions('concurrent', true))[0]?.[0];
      const jobs = Promise.all([job(url), job(url)]);
      await until('both Jobs waiting on the lock', async () => (await lockSessions('concurrent', false)).length === 2, 30_000);
      await psql('postgres', `SELECT pg_terminate_backend(${holderPid})`);

      const [a, b] = await jobs;

      report.concurrent = { a: a.applied, b: b.applied };
      expect([a.code, b.code]).toEqual([0, 0]);
      expect([...a.applied, ...b.applied].sort()).toEqual(committed);
      expect(
        await psql('concurrent', 'SELECT migration_name, count(*) FROM _prisma_migrations GROUP BY migration_name ORDER BY migration_name'),
      ).toEqual(committed.map((name) => [name, '1']));
    } finally {
      holder.kill();
    }
  }, 180_000);

  test("when another session keeps the lock past 10 s, then the Job gives up with the engine's lock timeout (P1002), applying nothing", async () => {
    const url = await emptyDatabase('lock_timeout');
    const holder = spawn('psql', ['-d', url, '-c', `SELECT pg_advisory_lock(${MIGRATE_LOCK}), pg_sleep(120)`], { stdio: 'ignore' });
    try {
      await until('the holder taking the lock', async () => (await lockSessions('lock_timeout', true)).length === 1, 10_000);

      const waited = await job(url);

      report.lockTimeout = waited.stderr.trim();
      expect(waited.code).toBe(1);
      expect(waited.applied).toEqual([]);
      expect(waited.stderr).toMatch(
        /^migrate: FAILED: migrations could not be applied: .*Timed out trying to acquire a postgres advisory lock.*\(P1002\)$/m,
      );
    } finally {
      const holderPid = (await lockSessions('lock_timeout', true))[0]?.[0];
      if (holderPid) await psql('postgres', `SELECT pg_terminate_backend(${holderPid})`);
      holder.kill();
    }
  }, 180_000);

  test('when its files are listed, then it carries no native schema engine, native addon or libssl (nothing tied to one CPU but node itself)', async () => {
    const files = await imageFiles(tag);

    expect(files.filter((file) => /@prisma\/engines\/|node_modules\/prisma\/|\.node$|libssl|libcrypto/.test(file))).toEqual([]);
    expect(files).toEqual(
      expect.arrayContaining(['app/apps/backend/dist/migrate.js', 'app/node_modules/@prisma/schema-engine-wasm/schema_engine_bg.wasm']),
    );
  }, 300_000);
});

describe('a backend rolled out before its migration', () => {
  test('when started on a database without the migrations, then readiness is 503 naming them until the Job ran, then 200', async () => {
    const url = await emptyDatabase('rollout');
    const port = await freePort();
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(workload.env)) if (value !== null) env[name] = value;
    Object.assign(env, { PORT: String(port), DATABASE_URL: url, JWT_SECRET: 'containers-suite-jwt-secret-0123456789abcdefghij' });
    const startedAt = Date.now();
    await startContainer({ name: 'todo-ct-backend-rollout', image: tag, workload, env });
    const baseUrl = `http://127.0.0.1:${port}`;
    const { startup, readiness } = workload.probes;
    try {
      if (startup) await waitForProbe(baseUrl, startup, startedAt);
      const before = await http(`${baseUrl}${readiness.path}`, { timeoutMs: readiness.timeoutSeconds * 1000 });

      const migrated = await job(url);
      const readyAfterMs = await waitForStatus(
        `${baseUrl}${readiness.path}`,
        200,
        probeBudgetMs(readiness),
        readiness.timeoutSeconds * 1000,
      );

      report.rollout = { notReadyBody: JSON.parse(before.body) as unknown, readyAfterJobMs: readyAfterMs };
      expect([before.status, JSON.parse(before.body)]).toEqual([503, { status: 'schema_outdated', missingMigrations: committed }]);
      expect(migrated.code).toBe(0);
    } catch (error) {
      console.log(`--- backend container logs ---\n${await logs('todo-ct-backend-rollout')}`);
      throw error;
    }
  }, 240_000);
});
