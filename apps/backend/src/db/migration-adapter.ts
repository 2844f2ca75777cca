import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  type ErrorCapturingSqlMigrationAwareDriverAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import { escapeIdentifier, Pool, type PoolClient } from 'pg';
import { parseDatabaseUrl } from './database';

export interface MigrationConnection {
  /** What `SchemaEngine.new` takes: Prisma's pg adapter, bound so the engine can report its errors. */
  factory: ErrorCapturingSqlMigrationAwareDriverAdapterFactory;
  /** The schema the migrations go to (Prisma's `?schema=`, default `public`). */
  schema: string;
  /** Ends the session (which releases the engine's advisory lock), even with a statement running. */
  close(): Promise<void>;
}

/**
 * The database session the schema engine migrates through: `@prisma/adapter-pg` on a pool of ONE
 * connection that is never closed while idle, with two adjustments so it behaves as the native
 * engine's single connection does for `migrate deploy`:
 *
 * - One session for every statement. The engine takes PostgreSQL's session-level advisory lock
 *   `pg_advisory_lock(72707369)` first (prisma-engines schema-engine/connectors/sql-schema-connector/
 *   src/flavour/postgres.rs `acquire_lock`, waits up to 10 s, then fails with P1002) and never
 *   releases it: the session ending does. On a pool of several connections the lock would sit on
 *   one while the migration ran on another; on this one, a second migrator waits for the first.
 * - The schema as the search path. The engine's own statements and the migration scripts name
 *   tables without a schema; the native engine sets `search_path` from the URL's `schema` (quaint),
 *   the wasm engine only reads the adapter's `schemaName` to create the schema (postgres.rs
 *   `setup_connection`). So the connection starts with it (the `options` startup parameter), and
 *   sets it once more: the embedded PGlite of the tests and `npm run dev` ignores startup options.
 * - A migration script as ONE simple-query message. The pg adapter's `executeScript` splits the
 *   script on every `;` (wrong inside a string or a `$$` function body) and runs the pieces one by
 *   one, so a failing statement leaves the ones before it applied. The native engine sends the
 *   whole script at once (`apply_migration_script`: `simple_query`), which PostgreSQL runs as one
 *   implicit transaction: a failed migration leaves nothing behind. `executeRaw` with no
 *   parameters is such a message (node-postgres uses the simple protocol without values).
 */
export async function openMigrationConnection(databaseUrl: string): Promise<MigrationConnection> {
  const { connectionString, schema = 'public' } = parseDatabaseUrl(databaseUrl);
  // In `options`, a space separates arguments unless escaped (PostgreSQL docs, libpq `options`).
  const searchPath = `-c search_path=${escapeIdentifier(schema).replace(/ /g, '\\ ')}`;
  const pool = new Pool({ connectionString, options: searchPath, max: 1, idleTimeoutMillis: 0, connectionTimeoutMillis: 10_000 });
  // An idle connection dropped by the server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  // The connection while a statement runs on it (pool events `acquire`/`release`): see close().
  const busy = new Set<PoolClient>();
  pool.on('acquire', (client) => busy.add(client));
  pool.on('release', (_error, client) => busy.delete(client));
  try {
    await pool.query(`SET search_path TO ${escapeIdentifier(schema)}`);
  } catch (error) {
    await pool.end();
    throw error;
  }

  const pg = new PrismaPg(pool, { schema });
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: pg.provider,
    adapterName: pg.adapterName,
    async connect() {
      const adapter = await pg.connect();
      return Object.assign(adapter, {
        executeScript: async (script: string) => {
          await adapter.executeRaw({ sql: script, args: [], argTypes: [] });
        },
      });
    },
    connectToShadowDb: () => pg.connectToShadowDb(),
  };

  return {
    factory: bindMigrationAwareSqlAdapterFactory(factory),
    schema,
    async close() {
      // The embedded PGlite of the tests and `npm run dev` is ONE session shared by every client:
      // leave its search path as it was. (On PostgreSQL the session ends right after.) Only on a
      // live connection: reconnecting to an unreachable server would only add its timeout.
      if (pool.idleCount > 0) await pool.query('RESET search_path').catch(() => undefined);
      // After the engine gave up (its 10 s advisory-lock wait, P1002) its `pg_advisory_lock` is still
      // waiting on the server, and pool.end() would wait with it for as long as the other session
      // holds the lock. Ending the connection cancels it, as the native engine's exit does.
      await Promise.all([...busy].map((client) => client.end().catch(() => undefined)));
      await pool.end();
    },
  };
}
