import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createDatabase, parseDatabaseUrl, type Database, type PrismaClient } from '../db/database';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../db/embedded-postgres';
import { applyMigrations } from '../db/migrations';

export interface TestDatabase {
  /** URL of the isolated database (Prisma's `?schema=` form); give it to `createDatabase` or the app. */
  url: string;
  prisma: PrismaClient;
  /** The same client wrapped as the app's `Database` (ping, close). */
  database: Database;
  /** Drops the schema and closes every connection this test database opened. */
  close(): Promise<void>;
}

/**
 * An isolated, migrated database for one test file: a fresh schema named `test_<random>` with the
 * committed migration files applied. The server is `DATABASE_URL` when set (CI's PostgreSQL),
 * otherwise the embedded PGlite the Jest global setup started (also exported as `DATABASE_URL`),
 * otherwise (outside Jest) an embedded PGlite started here and stopped by `close()`.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  let embedded: EmbeddedPostgres | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    embedded = await startEmbeddedPostgres();
    serverUrl = embedded.url;
  }
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const url = new URL(serverUrl);
  url.searchParams.set('schema', schema);
  await applyMigrations(url.toString());

  const database = createDatabase(url.toString(), { max: 5 });
  return {
    url: url.toString(),
    prisma: database.prisma,
    database,
    async close() {
      await database.close();
      const admin = new Client({ connectionString: parseDatabaseUrl(url.toString()).connectionString });
      await admin.connect();
      try {
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await admin.end();
      }
      await embedded?.stop();
    },
  };
}
