import { openMigrationConnection } from './migration-adapter';
import { findMigrationsDir, readMigrationList } from './migrations-folder';
import { loadSchemaEngine } from './schema-engine';

export type MigrationProgress = { kind: 'applying'; migration: string } | { kind: 'applied'; migration: string; ms: number };

export interface MigrateOptions {
  /** Default: the committed `prisma/migrations` folder. */
  migrationsDir?: string;
  /** Called as each migration starts and ends (the Job prints these lines). */
  onProgress?: (event: MigrationProgress) => void;
}

/** A migration run that did not complete; `migration` names the migration that failed, if one did. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  constructor(
    message: string,
    readonly migration?: string,
    /** The engine's error code when it gave one (e.g. P3009, P1001, P1002). */
    readonly code?: string,
  ) {
    super(message);
  }
}

/**
 * Applies the committed migrations that the database does not have yet, in order, and returns
 * their names: `prisma migrate deploy`, run by Prisma's own schema engine compiled to WebAssembly
 * (`applyMigrations`, the engine method behind `migrate deploy`) over `@prisma/adapter-pg`. The
 * engine keeps Prisma's `_prisma_migrations` table exactly as the CLI does (checksums, started and
 * finished times, applied steps), so either tool can take over from the other.
 *
 * - Refuses to run while a migration is recorded as failed (P3009, as `migrate deploy`).
 * - Two runs at once: the second waits on PostgreSQL's advisory lock, then finds nothing to apply.
 * - A migration that fails is rolled back whole (one implicit transaction) and recorded as failed.
 * - Honours Prisma's `?schema=` URL parameter, creating the schema (tests isolate by schema).
 */
export async function applyMigrations(databaseUrl: string, options: MigrateOptions = {}): Promise<string[]> {
  const { SchemaEngine } = loadSchemaEngine();
  const migrationsList = readMigrationList(options.migrationsDir ?? findMigrationsDir());
  const progress = trackProgress(options.onProgress);
  const connection = await openMigrationConnection(databaseUrl).catch((error: unknown) => {
    throw toMigrationError(error, undefined);
  });
  try {
    let engine;
    try {
      engine = await SchemaEngine.new({ datamodels: undefined }, progress.onEngineLog, connection.factory);
    } catch (error) {
      throw toMigrationError(error, undefined);
    }
    try {
      const { appliedMigrationNames } = await engine.applyMigrations({
        migrationsList,
        filters: { externalTables: [], externalEnums: [] },
      });
      progress.finish();
      return appliedMigrationNames;
    } catch (error) {
      throw toMigrationError(error, progress.current());
    } finally {
      engine.free();
    }
  } finally {
    await connection.close();
  }
}

interface EngineLogLine {
  fields?: { message?: string };
  span?: { name?: string; migration_name?: string };
}

/**
 * The engine logs one JSON line per tracing event; "Applying `<name>`" opens each migration's span
 * (schema-engine/commands/src/commands/apply_migrations.rs). A migration has ended when the next one
 * starts, or when `applyMigrations` returns.
 */
function trackProgress(onProgress: MigrateOptions['onProgress']) {
  let current: { migration: string; startedAt: number } | undefined;
  const end = () => {
    if (current) onProgress?.({ kind: 'applied', migration: current.migration, ms: Math.round(performance.now() - current.startedAt) });
  };
  return {
    onEngineLog: (line: string) => {
      let event: EngineLogLine;
      try {
        event = JSON.parse(line) as EngineLogLine;
      } catch {
        return;
      }
      const migration = event.span?.name === 'Applying migration' ? event.span.migration_name : undefined;
      if (!migration || !event.fields?.message?.startsWith('Applying')) return;
      end();
      current = { migration, startedAt: performance.now() };
      onProgress?.({ kind: 'applying', migration });
    },
    finish: end,
    current: () => current?.migration,
  };
}

/** "The `<name>` migration started at <time> failed" in the engine's P3009 message. */
const FAILED_EARLIER = /The `([^`]+)` migration started at/;

function toMigrationError(error: unknown, applying: string | undefined): MigrationError {
  const raw = error instanceof Error ? error.message : String(error);
  const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : undefined;
  if (code === 'P3009') {
    const migration = FAILED_EARLIER.exec(raw)?.[1];
    return new MigrationError(
      `migration ${migration ?? '(unknown)'} failed in an earlier run and is recorded as failed in _prisma_migrations, ` +
        `so no migration is applied until it is resolved (P3009). Repair the database, then mark it with ` +
        `\`prisma migrate resolve --rolled-back ${migration ?? '<name>'}\` (or \`--applied\`) from a machine with the Prisma CLI. ` +
        `See https://pris.ly/d/migrate-resolve`,
      migration,
      code,
    );
  }
  if (applying) {
    return new MigrationError(`migration ${applying} failed and was rolled back: ${engineDetail(raw)}`, applying, code);
  }
  return new MigrationError(`migrations could not be applied: ${engineDetail(raw)}${code ? ` (${code})` : ''}`, undefined, code);
}

/**
 * The engine's message without its Rust span trace ("   0: sql_schema_connector::…", "at …")
 * and its generic "external connector error" heading: what the database said.
 */
function engineDetail(message: string): string {
  const lines = message
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && line !== 'external connector error');
  const traceStart = lines.findIndex((line) => /^\d+: \S+::/.test(line));
  return (traceStart === -1 ? lines : lines.slice(0, traceStart)).join(' ');
}
