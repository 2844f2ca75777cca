import { docker, securityArgs } from './docker';
import type { Workload } from './workload';

/** Where the backend image keeps the committed migrations (apps/backend/Dockerfile, WORKDIR /app/apps/backend). */
export const IMAGE_MIGRATIONS_DIR = '/app/apps/backend/prisma/migrations';

export interface MigrationJobRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The `migrate: applied <name>` lines, in order. */
  applied: string[];
}

export interface MigrationJobOptions {
  image: string;
  workload: Workload;
  /** Values for the Job's Secret-backed env (the suite plays the Secret): `DATABASE_URL`. */
  secrets: Record<string, string>;
  /** A migrations folder mounted (read-only) over the image's own, e.g. a broken fixture. */
  migrationsDir?: string;
}

/**
 * Runs the backend's migration Job the way the Pulumi program declares it: its exact command and
 * env (infra/components/migration.ts, read back from the rendered dev stack), in the backend image,
 * with the pod's security settings (uid:gid, read-only root, no capabilities, tmpfs at /tmp).
 */
export async function runMigrationJob({ image, workload, secrets, migrationsDir }: MigrationJobOptions): Promise<MigrationJobRun> {
  if (!workload.migrationCommand || !workload.migrationEnv) throw new Error('the program declares no migration Job for the backend');
  const args = ['run', '--rm', '--network=host', ...securityArgs(workload)];
  for (const [name, value] of Object.entries(workload.migrationEnv)) {
    const resolved = value ?? secrets[name];
    if (resolved === undefined) throw new Error(`the migration Job reads the Secret's ${name}; the suite gave no value for it`);
    args.push('-e', `${name}=${resolved}`);
  }
  if (migrationsDir) args.push('-v', `${migrationsDir}:${IMAGE_MIGRATIONS_DIR}:ro`);
  args.push(image, ...workload.migrationCommand);
  const result = await docker(args, 120_000);
  const applied = [...result.stdout.matchAll(/^migrate: applied (\S+) \(\d+ ms\)$/gm)].map((match) => match[1]!);
  return { code: result.code, stdout: result.stdout, stderr: result.stderr, applied };
}
