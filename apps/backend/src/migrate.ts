import { settingsSchema } from '@todo/contracts/settings';
import { parseDatabaseUrl } from './db/database';
import { applyMigrations, MigrationError } from './db/migrator';
import { committedMigrationNames, findMigrationsDir } from './db/migrations-folder';

export interface MigrateIo {
  env: NodeJS.ProcessEnv;
  out: (line: string) => void;
  err: (line: string) => void;
  /** Default: the committed folder next to the code (`prisma/migrations`). */
  migrationsDir?: string;
}

/** Where the migrations go, without credentials: `host:port/database, schema "s"`. */
function target(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return `${url.host}${url.pathname}, schema "${parseDatabaseUrl(databaseUrl).schema ?? 'public'}"`;
}

/**
 * The migration Job's command (`node dist/migrate.js` in the backend image, MIGRATE_COMMAND in
 * infra/components/migration.ts): applies the committed migrations to DATABASE_URL, one progress
 * line per migration, and resolves to the process exit code: 0 when the schema is current, 1 with a
 * message naming the failed migration otherwise.
 */
export async function runMigrate({ env, out, err, migrationsDir }: MigrateIo): Promise<number> {
  const databaseUrl = settingsSchema.shape.DATABASE_URL.safeParse(env.DATABASE_URL);
  if (!databaseUrl.success) {
    err(`migrate: DATABASE_URL ${databaseUrl.error.issues[0]?.message ?? 'is invalid'}`);
    return 1;
  }
  const dir = migrationsDir ?? findMigrationsDir();
  const committed = committedMigrationNames(dir);
  const startedAt = performance.now();
  out(`migrate: ${committed.length} committed migrations in ${dir}; target ${target(databaseUrl.data)}`);
  try {
    const applied = await applyMigrations(databaseUrl.data, {
      migrationsDir: dir,
      onProgress: (event) =>
        out(event.kind === 'applying' ? `migrate: applying ${event.migration}` : `migrate: applied ${event.migration} (${event.ms} ms)`),
    });
    const ms = Math.round(performance.now() - startedAt);
    out(
      applied.length > 0
        ? `migrate: done: applied ${applied.length} of ${committed.length} migrations in ${ms} ms`
        : `migrate: done: the database already has all ${committed.length} migrations, nothing to apply (${ms} ms)`,
    );
    return 0;
  } catch (error) {
    err(`migrate: FAILED: ${error instanceof MigrationError ? error.message : error instanceof Error ? error.stack : String(error)}`);
    return 1;
  }
}

if (require.main === module) {
  void runMigrate({
    env: process.env,
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  }).then((code) => {
    // No process.exit: stdout/stderr flush first, and nothing else keeps the process alive.
    process.exitCode = code;
  });
}
