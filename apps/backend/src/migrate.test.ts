import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestSchema, type TestSchema } from '@todo/testkit/test-schema';
import { committedMigrationNames, findMigrationsDir } from './db/migrations-folder';
import { runMigrate } from './migrate';
import { oneMigrationAtATime } from './testing/database';

const committed = committedMigrationNames();
let schema: TestSchema;
let fixture: string;

beforeAll(async () => {
  schema = await createTestSchema();
  fixture = mkdtempSync(join(tmpdir(), 'migrate-entry-'));
});

afterAll(async () => {
  await schema.close();
  rmSync(fixture, { recursive: true, force: true });
});

/** Runs the Job's entry with `env`, collecting what it prints. */
async function migrate(env: NodeJS.ProcessEnv, migrationsDir?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await oneMigrationAtATime(() => runMigrate({ env, out: (l) => out.push(l), err: (l) => err.push(l), migrationsDir }));
  return { code, out, err };
}

describe('the migration Job entry (node dist/migrate.js)', () => {
  it('when DATABASE_URL is missing or not PostgreSQL, then it exits 1 saying what to set', async () => {
    expect(await migrate({})).toEqual({
      code: 1,
      out: [],
      err: ['migrate: DATABASE_URL is required (postgresql://user:password@host:5432/db)'],
    });
    expect(await migrate({ DATABASE_URL: 'mysql://db/app' })).toEqual({
      code: 1,
      out: [],
      err: ['migrate: DATABASE_URL must be a postgresql:// URL'],
    });
  });

  it('when the database lacks the migrations, then it prints one line as each starts and ends, then a summary, and exits 0', async () => {
    const { code, out, err } = await migrate({ DATABASE_URL: schema.url });

    expect({ code, err }).toEqual({ code: 0, err: [] });
    const url = new URL(schema.url);
    expect(out[0]).toBe(
      `migrate: ${committed.length} committed migrations in ${findMigrationsDir()}; target ${url.host}${url.pathname}, schema "${schema.schema}"`,
    );
    expect(out.slice(1, -1).map((line) => line.replace(/\(\d+ ms\)$/, '(N ms)'))).toEqual(
      committed.flatMap((name) => [`migrate: applying ${name}`, `migrate: applied ${name} (N ms)`]),
    );
    expect(out.at(-1)).toMatch(new RegExp(`^migrate: done: applied ${committed.length} of ${committed.length} migrations in \\d+ ms$`));
  });

  it('when run again, then it says there is nothing to apply and exits 0', async () => {
    const { code, out } = await migrate({ DATABASE_URL: schema.url });

    expect(code).toBe(0);
    expect(out.at(-1)).toMatch(
      new RegExp(`^migrate: done: the database already has all ${committed.length} migrations, nothing to apply \\(\\d+ ms\\)$`),
    );
  });

  it('when a migration fails, then it exits 1 naming it, and the next run refuses to continue past it', async () => {
    cpSync(findMigrationsDir(), fixture, { recursive: true });
    mkdirSync(join(fixture, '29990101000000_broken'));
    writeFileSync(join(fixture, '29990101000000_broken', 'migration.sql'), 'ALTER TABLE "users" ADD COLUMN "email" TEXT;\n');

    const first = await migrate({ DATABASE_URL: schema.url }, fixture);
    const second = await migrate({ DATABASE_URL: schema.url }, fixture);

    expect(first.code).toBe(1);
    expect(first.out.at(-1)).toBe('migrate: applying 29990101000000_broken');
    expect(first.err).toEqual([
      expect.stringMatching(/^migrate: FAILED: migration 29990101000000_broken failed and was rolled back: .*email/),
    ]);
    expect(second.code).toBe(1);
    expect(second.err).toEqual([
      expect.stringMatching(/^migrate: FAILED: migration 29990101000000_broken failed in an earlier run .*\(P3009\)/),
    ]);
  });

  it('when the database is unreachable, then it exits 1 without printing the password', async () => {
    const { code, out, err } = await migrate({ DATABASE_URL: 'postgresql://app:s3cret-pw@127.0.0.1:9/app' });

    expect(code).toBe(1);
    expect(err).toEqual([expect.stringMatching(/^migrate: FAILED: migrations could not be applied: .*127\.0\.0\.1:9/)]);
    expect([...out, ...err].join('\n')).not.toContain('s3cret-pw');
  });
});
