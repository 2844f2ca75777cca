import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';

export interface TestSchema {
  /** The server URL with Prisma's `?schema=<name>` parameter: one isolated namespace per caller. */
  url: string;
  schema: string;
  /** Drops the schema (and stops the embedded server this call started, if any). */
  close(): Promise<void>;
}

/**
 * A fresh, empty schema named `test_<random>` for one test file, browser run or bench run. The
 * server is `serverUrl`, else `DATABASE_URL` (CI's PostgreSQL, or the embedded one the Jest global
 * setup exported), else an embedded PGlite started here and stopped by `close()`. The caller
 * migrates it (the backend's migrator) and opens its own connections; `close()` drops the schema
 * with `CASCADE`, so close those connections first.
 */
export async function createTestSchema(serverUrl = process.env.DATABASE_URL): Promise<TestSchema> {
  let embedded: EmbeddedPostgres | undefined;
  if (!serverUrl) {
    embedded = await startEmbeddedPostgres();
    serverUrl = embedded.url;
  }
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const url = new URL(serverUrl);
  url.searchParams.set('schema', schema);
  const connectionString = withoutSchemaParameter(url);
  return {
    url: url.toString(),
    schema,
    async close() {
      const admin = new Client({ connectionString });
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

/** `pg` does not know Prisma's `schema` parameter; the admin connection does not need it. */
function withoutSchemaParameter(url: URL): string {
  const copy = new URL(url);
  copy.searchParams.delete('schema');
  return copy.toString();
}
