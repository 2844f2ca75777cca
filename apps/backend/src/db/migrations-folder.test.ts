import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { committedMigrationNames, findMigrationsDir, readMigrationList } from './migrations-folder';

const backendDir = resolve(__dirname, '../..');
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'migrations-folder-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the migrations folder', () => {
  it("when looked up from the sources (src/db) or the bundle (dist), then it is the backend's prisma/migrations", () => {
    expect(findMigrationsDir()).toBe(join(backendDir, 'prisma/migrations'));
    expect(findMigrationsDir(join(backendDir, 'dist'))).toBe(join(backendDir, 'prisma/migrations'));
  });

  it('when no folder with a migration_lock.toml is near, then it fails naming where it looked', () => {
    expect(() => findMigrationsDir(join(dir, 'a', 'b'))).toThrow(
      `no Prisma migrations folder (with migration_lock.toml) at ${join(dir, 'a/prisma/migrations')} or ${join(dir, 'prisma/migrations')}`,
    );
  });

  it("when the committed folder is read, then it starts with the init migration and has PostgreSQL's lock file", () => {
    const list = readMigrationList();

    expect(list.lockfile.content).toContain('provider = "postgresql"');
    expect(list.migrationDirectories[0]?.path).toBe('20261126000000_init');
    expect(list.migrationDirectories.map((m) => m.path)).toEqual(committedMigrationNames());
  });

  it('when read, then directories come sorted by name with their script, files are ignored and an unreadable script is an error entry', () => {
    for (const name of ['20260102000000_b', '20260101000000_a', '20260103000000_no_script']) mkdirSync(join(dir, name));
    writeFileSync(join(dir, '20260101000000_a', 'migration.sql'), 'SELECT 1;');
    writeFileSync(join(dir, '20260102000000_b', 'migration.sql'), 'SELECT 2;');
    writeFileSync(join(dir, 'README.md'), 'not a migration');

    const list = readMigrationList(dir);

    expect(list.baseDir).toBe(dir);
    expect(list.lockfile).toEqual({ path: 'migration_lock.toml', content: null });
    expect(list.migrationDirectories.map((m) => [m.path, m.migrationFile.path, m.migrationFile.content.tag])).toEqual([
      ['20260101000000_a', 'migration.sql', 'ok'],
      ['20260102000000_b', 'migration.sql', 'ok'],
      ['20260103000000_no_script', 'migration.sql', 'error'],
    ]);
    expect(list.migrationDirectories[1]?.migrationFile.content).toEqual({ tag: 'ok', value: 'SELECT 2;' });
  });
});
