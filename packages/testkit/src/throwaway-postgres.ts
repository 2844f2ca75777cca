import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports';

const run = promisify(execFile);

/** Where Debian puts the server binaries; override with PG_BIN_DIR. */
const PG_BIN_DIR = process.env.PG_BIN_DIR ?? '/usr/lib/postgresql/15/bin';

/**
 * A private PostgreSQL cluster in a temp directory, on its own port, that a drill may stop and start
 * at will without touching the shared server on 5432. Trust auth, loopback only.
 */
export interface ThrowawayPostgres {
  readonly port: number;
  /** Connection string for `database` on this cluster. */
  url(database?: string): string;
  /** `immediate` kills every server process at once (like a crash or a lost node); `fast` aborts sessions cleanly. */
  stop(mode?: 'immediate' | 'fast'): Promise<void>;
  start(): Promise<void>;
  /** Stops the cluster if it runs and deletes its directory. Safe to call twice. */
  destroy(): Promise<void>;
}

/**
 * PostgreSQL refuses to run as root, so as root every server command runs as the `postgres` user,
 * which therefore owns the data directory.
 */
function asPostgresUser(command: string, args: string[]): [string, string[]] {
  const binary = join(PG_BIN_DIR, command);
  if (process.getuid?.() === 0) return ['runuser', ['-u', 'postgres', '--', binary, ...args]];
  return [binary, args];
}

async function pg(command: string, args: string[]): Promise<void> {
  const [file, argv] = asPostgresUser(command, args);
  await run(file, argv, { timeout: 60_000 });
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'todo-drill-pg-'));
  if (process.getuid?.() === 0) {
    const { execFileSync } = await import('node:child_process');
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const dataDir = join(dir, 'data');
  const port = await freePort();
  await pg('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);

  // fsync=off is safe here: the drills kill server processes, never the machine, so the OS cache
  // survives. synchronous_commit stays on: with it off an acknowledged commit may still sit in
  // shared memory, and a killed server loses it (the outage drill caught exactly that).
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  let running = false;
  let destroyed = false;

  const cluster: ThrowawayPostgres = {
    port,
    url: (database = 'postgres') => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    async start() {
      await pg('pg_ctl', ['-D', dataDir, '-o', serverOptions, '-l', join(dir, 'server.log'), '-w', '-t', '30', 'start']);
      running = true;
    },
    async stop(mode = 'immediate') {
      await pg('pg_ctl', ['-D', dataDir, '-m', mode, '-w', '-t', '30', 'stop']);
      running = false;
    },
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      if (running) await cluster.stop('immediate').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await cluster.start();
  return cluster;
}
