import type { SqlClient } from './database';

export interface SchemaStatus {
  /**
   * The committed migrations the database has not applied, in order; empty once the schema is
   * current. Asks the database until it is current, then answers from memory: a migration is never
   * un-applied under a running version, so readiness costs no query per probe once it passed.
   */
  missingMigrations(): Promise<string[]>;
}

export interface SchemaStatusDeps {
  /** The migrations this build was made with (`committedMigrationNames()`). */
  committed: readonly string[];
  /** The migrations the database has finished applying. */
  readApplied: () => Promise<string[]>;
}

export function createSchemaStatus({ committed, readApplied }: SchemaStatusDeps): SchemaStatus {
  let current = false;
  let inFlight: Promise<string[]> | undefined;
  const check = async (): Promise<string[]> => {
    const applied = new Set(await readApplied());
    const missing = committed.filter((name) => !applied.has(name));
    current = missing.length === 0;
    return missing;
  };
  return {
    missingMigrations() {
      if (current) return Promise.resolve([]);
      // Probes arriving together share one query.
      inFlight ??= check().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
  };
}

/** PostgreSQL's undefined_table: no migration ever ran on this database (or schema). */
const UNDEFINED_TABLE = '42P01';

/**
 * Reads Prisma's migration table the way `migrate deploy` counts a migration as applied: finished
 * and not rolled back. Before the first migration the table does not exist: nothing is applied.
 */
export function readAppliedMigrations(sql: SqlClient): () => Promise<string[]> {
  return async () => {
    const text = `SELECT migration_name FROM ${sql.table('_prisma_migrations')} WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
    try {
      return (await sql.query<{ migration_name: string }>({ text, values: [] })).map((row) => row.migration_name);
    } catch (error) {
      if ((error as { code?: unknown }).code === UNDEFINED_TABLE) return [];
      throw error;
    }
  };
}
