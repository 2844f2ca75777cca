import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { createTestSchema, type TestSchema } from '@todo/testkit/test-schema';
import { oneMigrationAtATime } from '../testing/database';
import { parseDatabaseUrl } from './database';
import { applyMigrations as applyNow, MigrationError, type MigrateOptions, type MigrationProgress } from './migrator';
import { committedMigrationNames, findMigrationsDir } from './migrations-folder';

const run = promisify(execFile);
/** The migrator, one run at a time across Jest workers (see `oneMigrationAtATime`). */
const applyMigrations = (url: string, options?: MigrateOptions) => oneMigrationAtATime(() => applyNow(url, options));
const committed = committedMigrationNames();
const fixtures: string[] = [];
const schemas: TestSchema[] = [];

/** A fresh, empty schema for one test. */
async function freshSchema(): Promise<TestSchema> {
  const schema = await createTestSchema();
  schemas.push(schema);
  return schema;
}

/** A copy of the committed migrations folder plus extra migrations `{ name: sql }`. */
function fixtureFolder(extra: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'migrator-fixture-'));
  fixtures.push(dir);
  cpSync(findMigrationsDir(), dir, { recursive: true });
  for (const [name, sql] of Object.entries(extra)) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'migration.sql'), sql);
  }
  return dir;
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: parseDatabaseUrl(url).connectionString });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished: boolean;
  applied_steps_count: number;
  logs: string | null;
}

const migrationRows = (schema: TestSchema): Promise<MigrationRow[]> =>
  query<MigrationRow>(
    schema.url,
    `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished, applied_steps_count, logs
       FROM "${schema.schema}"."_prisma_migrations" ORDER BY started_at, migration_name`,
  );

const tablesIn = async (schema: TestSchema): Promise<string[]> =>
  (
    await query<{ table_name: string }>(
      schema.url,
      `SELECT table_name FROM information_schema.tables WHERE table_schema = '${schema.schema}' ORDER BY table_name`,
    )
  ).map((row) => row.table_name);

afterAll(async () => {
  for (const schema of schemas) await schema.close();
  for (const dir of fixtures) rmSync(dir, { recursive: true, force: true });
});

describe('applyMigrations (Prisma schema engine, WebAssembly)', () => {
  it('when run on an empty schema, then it applies every committed migration in order and records each as migrate deploy does', async () => {
    const schema = await freshSchema();
    const events: MigrationProgress[] = [];

    const applied = await applyMigrations(schema.url, { onProgress: (event) => events.push(event) });

    expect(applied).toEqual(committed);
    const sha256 = (name: string) =>
      createHash('sha256')
        .update(readFileSync(join(findMigrationsDir(), name, 'migration.sql')))
        .digest('hex');
    expect(await migrationRows(schema)).toEqual(
      committed.map((name) => ({ migration_name: name, checksum: sha256(name), finished: true, applied_steps_count: 1, logs: null })),
    );
    expect(await tablesIn(schema)).toEqual(expect.arrayContaining(['_prisma_migrations', 'users', 'tasks', 'conversations', 'messages']));
    expect(events.map((event) => `${event.kind} ${event.migration}`)).toEqual(
      committed.flatMap((name) => [`applying ${name}`, `applied ${name}`]),
    );
  });

  it('when run again, then nothing is applied and no progress is reported', async () => {
    const schema = await freshSchema();
    await applyMigrations(schema.url);
    const events: MigrationProgress[] = [];

    const again = await applyMigrations(schema.url, { onProgress: (event) => events.push(event) });

    expect(again).toEqual([]);
    expect(events).toEqual([]);
    expect((await migrationRows(schema)).map((row) => row.migration_name)).toEqual(committed);
  });

  it('when a migration fails, then the error names it, nothing of it remains, it is recorded as failed, and later runs refuse to continue (P3009)', async () => {
    const schema = await freshSchema();
    const dir = fixtureFolder({
      '29990101000000_broken': 'CREATE TABLE "half_done" ("id" INT);\nSELECT * FROM "no_such_table";\n',
      '29990102000000_later': 'CREATE TABLE "later" ("id" INT);\n',
    });

    const first = await applyMigrations(schema.url, { migrationsDir: dir }).catch((error: unknown) => error);
    const second = await applyMigrations(schema.url, { migrationsDir: dir }).catch((error: unknown) => error);

    expect(first).toBeInstanceOf(MigrationError);
    expect(first).toMatchObject({ migration: '29990101000000_broken' });
    expect((first as Error).message).toMatch(/^migration 29990101000000_broken failed and was rolled back: .*no_such_table/);
    expect(second).toBeInstanceOf(MigrationError);
    expect(second).toMatchObject({ migration: '29990101000000_broken', code: 'P3009' });
    expect((second as Error).message).toContain('migration 29990101000000_broken failed in an earlier run');
    const tables = await tablesIn(schema);
    expect(tables).not.toContain('half_done');
    expect(tables).not.toContain('later');
    const rows = await migrationRows(schema);
    expect(rows.map(({ migration_name, finished }) => [migration_name, finished])).toEqual([
      ...committed.map((name) => [name, true]),
      ['29990101000000_broken', false],
    ]);
    expect(rows.at(-1)?.logs).toContain('no_such_table');
  });

  it('when a script has semicolons inside a string and a function body, then it is sent whole, as the native engine sends it', async () => {
    const schema = await freshSchema();
    const dir = fixtureFolder({
      '29990101000000_semicolons': [
        `CREATE TABLE "notes" ("body" TEXT NOT NULL DEFAULT 'a; b');`,
        `CREATE FUNCTION "shout"(t TEXT) RETURNS TEXT AS $$ BEGIN RETURN upper(t); END; $$ LANGUAGE plpgsql;`,
        `INSERT INTO "notes" DEFAULT VALUES;`,
      ].join('\n'),
    });

    const applied = await applyMigrations(schema.url, { migrationsDir: dir });

    expect(applied).toEqual([...committed, '29990101000000_semicolons']);
    expect(await query(schema.url, `SELECT "${schema.schema}"."shout"(body) AS loud FROM "${schema.schema}"."notes"`)).toEqual([
      { loud: 'A; B' },
    ]);
  });

  it('when the URL names a schema, then every table goes there and the schema is created', async () => {
    const schema = await freshSchema();

    await applyMigrations(schema.url);

    expect(await query(schema.url, `SELECT count(*) FROM pg_namespace WHERE nspname = '${schema.schema}'`)).toEqual([{ count: '1' }]);
    expect(await tablesIn(schema)).toContain('_prisma_migrations');
  });

  it("when the database cannot be reached, then it fails with the engine's connection error and no migration name", async () => {
    const error = await applyMigrations('postgresql://postgres@127.0.0.1:9/nowhere').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MigrationError);
    expect(error).toMatchObject({ migration: undefined });
    expect((error as Error).message).toMatch(/^migrations could not be applied: .*127\.0\.0\.1:9/);
  });
});

describe('the engine timers', () => {
  it('when a run has finished, then no timer of the engine keeps the process alive (its 10 s advisory-lock timeout would)', async () => {
    const schema = await freshSchema();
    // A clean process: Jest keeps timers of its own. Two macrotask turns let the closed socket go.
    const script = `
      const { applyMigrations } = require(${JSON.stringify(join(__dirname, 'migrator.ts'))});
      applyMigrations(process.env.DATABASE_URL).then(() => setImmediate(() => setImmediate(() =>
        console.log(JSON.stringify(process.getActiveResourcesInfo())))));`;

    const { stdout } = await oneMigrationAtATime(() =>
      run(process.execPath, [require.resolve('tsx/cli'), '--eval', script], {
        env: { ...process.env, DATABASE_URL: schema.url },
        timeout: 60_000,
      }),
    );

    expect(JSON.parse(stdout)).not.toContain('Timeout');
  });
});
