import { createTestSchema } from '@todo/testkit/test-schema';
import { createDatabase, type Database, type PrismaClient } from '../db/database';
import { applyMigrations } from '../db/migrations';

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
  await applyMigrations(schema.url);
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
