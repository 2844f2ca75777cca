import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { MigrationList } from './schema-engine';

const LOCK_FILE = 'migration_lock.toml';
const SCRIPT_FILE = 'migration.sql';

/**
 * The committed migrations, in Prisma's layout (`<timestamp>_<name>/migration.sql` plus
 * `migration_lock.toml`), found from this module's place in the sources (`src/db/`) or in the
 * production bundle (`dist/`, as in the image: /app/apps/backend/{dist,prisma}).
 */
export function findMigrationsDir(from = __dirname): string {
  const candidates = [resolve(from, '../prisma/migrations'), resolve(from, '../../prisma/migrations')];
  const found = candidates.find((dir) => existsSync(join(dir, LOCK_FILE)));
  if (!found) throw new Error(`no Prisma migrations folder (with ${LOCK_FILE}) at ${candidates.join(' or ')}`);
  return found;
}

/** The migration directories' names, in the order they apply (Prisma sorts them by name). */
export function committedMigrationNames(dir = findMigrationsDir()): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b));
}

/**
 * The folder as the schema engine's `applyMigrations` takes it, read the way the Prisma CLI reads
 * it for `migrate deploy` (`listMigrations` in prisma/prisma packages/migrate/src/utils/listMigrations.ts):
 * the lock file's content (null when absent), every directory sorted by name, and each
 * `migration.sql` as `{ tag: 'ok' }` or, when unreadable, `{ tag: 'error' }` for the engine to report.
 */
export function readMigrationList(dir = findMigrationsDir()): MigrationList {
  const lockPath = join(dir, LOCK_FILE);
  return {
    baseDir: dir,
    lockfile: { path: LOCK_FILE, content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: committedMigrationNames(dir).map((name) => ({
      path: name,
      migrationFile: { path: SCRIPT_FILE, content: readScript(join(dir, name, SCRIPT_FILE)) },
    })),
  };
}

function readScript(path: string): { tag: 'ok'; value: string } | { tag: 'error'; value: string } {
  try {
    return { tag: 'ok', value: readFileSync(path, 'utf8') };
  } catch (error) {
    return { tag: 'error', value: error instanceof Error ? error.message : String(error) };
  }
}
