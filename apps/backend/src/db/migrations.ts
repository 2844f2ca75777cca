import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { parseDatabaseUrl } from './database';

/** The committed migrations, in Prisma's layout (`<timestamp>_<name>/migration.sql`). */
export const migrationsDir = resolve(__dirname, '../../prisma/migrations');

export interface Migration {
  name: string;
  sql: string;
  /** SHA-256 of the file, as Prisma records it in `_prisma_migrations.checksum`. */
  checksum: string;
}

export function readMigrations(dir = migrationsDir): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Applies the committed migration files that are not yet applied, recording them in Prisma's own
 * `_prisma_migrations` table. This is what `prisma migrate deploy` does; it exists because the
 * Prisma CLI's native schema engine cannot be downloaded on the development and CI machines. The
 * Kubernetes migration Job runs the real `prisma migrate deploy` on the same files.
 *
 * Honors Prisma's `?schema=` URL parameter (creating the schema), which is how tests isolate.
 */
export async function applyMigrations(databaseUrl: string, migrations = readMigrations()): Promise<string[]> {
  const { connectionString, schema = 'public' } = parseDatabaseUrl(databaseUrl);
  const client = new Client({ connectionString });
  await client.connect();
  const applied: string[] = [];
  try {
    // One simple-query message per step: atomic even on a shared single-session embedded server.
    const inSchema = (sql: string) =>
      `SET search_path TO ${quoteIdent(schema)}; ${sql}; SET search_path TO DEFAULT;`;
    await client.query(
      `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}; ` +
        inSchema(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
          "id" VARCHAR(36) PRIMARY KEY NOT NULL,
          "checksum" VARCHAR(64) NOT NULL,
          "finished_at" TIMESTAMPTZ,
          "migration_name" VARCHAR(255) NOT NULL,
          "logs" TEXT,
          "rolled_back_at" TIMESTAMPTZ,
          "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
          "applied_steps_count" INTEGER NOT NULL DEFAULT 0
        )`),
    );
    const done = await client.query<{ migration_name: string }>(
      `SELECT migration_name FROM ${quoteIdent(schema)}."_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const doneNames = new Set(done.rows.map((row) => row.migration_name));
    for (const migration of migrations) {
      if (doneNames.has(migration.name)) continue;
      const record = `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count)
        VALUES ('${randomUUID()}', '${migration.checksum}', '${migration.name.replace(/'/g, "''")}', now(), 1)`;
      await client.query(`BEGIN; ${inSchema(`${migration.sql}\n;${record}`)} COMMIT;`);
      applied.push(migration.name);
    }
  } finally {
    await client.end();
  }
  return applied;
}
