import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lock } from 'proper-lockfile';
import { createTestSchema } from '@todo/testkit/test-schema';
import { createDatabase, type Database, type PrismaClient } from '../db/database';
import { applyMigrations } from '../db/migrator';

export interface TestDatabase {
  /** URL of the isolated database (Prisma's `?schema=` form); give it to `createDatabase` or the app. */
  url: string;
  prisma: PrismaClient;
  /** The same client wrapped as the app's `Database` (ping, close). */
  database: Database;
  /** Closes every connection this test database opened, then drops the schema. */
  close(): Promise<void>;
}

/**
 * An isolated, migrated database for one test file: a fresh schema (`@todo/testkit/test-schema`:
 * on DATABASE_URL, or the embedded PGlite the Jest global setup started) with the committed
 * migrations applied.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const schema = await createTestSchema();
  await oneMigrationAtATime(() => applyMigrations(schema.url));
  const database = createDatabase(schema.url, { max: 5 });
  return {
    url: schema.url,
    prisma: database.prisma,
    database,
    async close() {
      await database.close();
      await schema.close();
    },
  };
}

/**
 * Runs `migrate` (a migrator run on a test schema) while no other Jest worker of this machine runs
 * one. The schema engine names its tables without a schema and relies on the session's search
 * path; the embedded PGlite the Jest global setup shares is ONE session for every connection, so
 * two workers migrating their schemas at once would write into each other's. (On PostgreSQL each
 * connection is its own session, and the engine's advisory lock queues the runs anyway.) A lock
 * file, with stale-lock recovery should a worker die holding it.
 */
export async function oneMigrationAtATime<T>(migrate: () => Promise<T>): Promise<T> {
  const release = await lock(join(tmpdir(), 'todo-backend-test-migrations'), {
    realpath: false,
    stale: 30_000,
    retries: { retries: 600, factor: 1, minTimeout: 100 },
  });
  try {
    return await migrate();
  } finally {
    await release();
  }
}
