import { PrismaPg } from '@prisma/adapter-pg';
import { escapeIdentifier, Pool, type QueryResultRow } from 'pg';
import { PrismaClient } from '../generated/prisma/client';

export type { PrismaClient };

/**
 * Reads that leave Prisma's query builder for one hand-written statement (the task list,
 * `tasks/list-query.ts`) run through the same pg pool as Prisma's driver adapter. Writes stay on
 * Prisma.
 */
export interface SqlClient {
  /** A table of Prisma's schema, quoted and schema-qualified as Prisma's own SQL names it: `"public"."tasks"`. */
  table(name: string): string;
  /** One parameterised statement; `values` are sent as parameters, never spliced into `text`. */
  query<Row extends QueryResultRow>(statement: { text: string; values: unknown[] }): Promise<Row[]>;
}

export interface Database {
  prisma: PrismaClient;
  sql: SqlClient;
  /** Resolves when the database answers a trivial query within `timeoutMs`; rejects otherwise. */
  ping(timeoutMs?: number): Promise<void>;
  /** Closes the client and its pool; idempotent. */
  close(): Promise<void>;
}

export interface DatabaseUrlParts {
  /** The URL without Prisma's `schema` parameter (the pg driver would send it as a setting). */
  connectionString: string;
  schema: string | undefined;
}

/** Splits Prisma's `?schema=` convention off a PostgreSQL URL. */
export function parseDatabaseUrl(databaseUrl: string): DatabaseUrlParts {
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get('schema') ?? undefined;
  url.searchParams.delete('schema');
  return { connectionString: url.toString(), schema };
}

export interface DatabaseOptions {
  /** Pool size; the default suits 2 replicas against a small PostgreSQL. */
  max?: number;
  /** Fail a connection attempt after this long, so readiness answers inside the probe timeout. */
  connectionTimeoutMs?: number;
}

/** Creates the Prisma client on a pg pool this module owns (so shutdown can close it). */
export function createDatabase(databaseUrl: string, options: DatabaseOptions = {}): Database {
  const { connectionString, schema } = parseDatabaseUrl(databaseUrl);
  const pool = new Pool({
    connectionString,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 2000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection (database restart) must not crash the process; the next
  // query reconnects and readiness reports the outage meanwhile.
  pool.on('error', () => undefined);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, schema ? { schema } : undefined) });
  // Prisma qualifies every table with the URL's schema, `public` without one; so does this.
  const quotedSchema = escapeIdentifier(schema ?? 'public');
  const sql: SqlClient = {
    table: (name) => `${quotedSchema}.${escapeIdentifier(name)}`,
    // Text and values apart: a config object would be copied property by property (pg utils.js
    // normalizeQueryConfig → cloneQueryConfig) on every query.
    query: async <Row extends QueryResultRow>(statement: { text: string; values: unknown[] }) =>
      (await pool.query<Row>(statement.text, statement.values)).rows,
  };

  let closed: Promise<void> | undefined;
  return {
    prisma,
    sql,
    async ping(timeoutMs = 2000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([pool.query('SELECT 1'), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    close() {
      closed ??= (async () => {
        await prisma.$disconnect();
        if (!pool.ended) await pool.end();
      })();
      return closed;
    },
  };
}
