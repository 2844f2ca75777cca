import { createConnection } from 'node:net';
import { applyMigrations } from '@todo/backend/migrator';
import { createTestSchema } from '@todo/testkit/test-schema';

export const LOCAL_POSTGRES_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

/** True when something accepts TCP connections on 127.0.0.1:5432 within a second. */
export function localPostgresListening(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port: 5432, timeout: 1_000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

export interface BenchDatabase {
  url: string;
  /** `postgresql` (a real server) or `embedded` (PGlite): the figures mean different things. */
  kind: 'postgresql' | 'embedded';
  close(): Promise<void>;
}

/**
 * A fresh, migrated database for one bench run: on `DATABASE_URL` when set, else on the local
 * PostgreSQL when it listens on 5432, else embedded (`@todo/testkit/test-schema` decides).
 */
export async function openBenchDatabase(): Promise<BenchDatabase> {
  const guessed = !process.env.DATABASE_URL && (await localPostgresListening());
  if (guessed) process.env.DATABASE_URL = LOCAL_POSTGRES_URL;
  const kind = process.env.DATABASE_URL ? 'postgresql' : 'embedded';
  const schema = await createTestSchema().catch((error: Error) => {
    if (!guessed) throw error;
    throw new Error(
      `a PostgreSQL listens on 127.0.0.1:5432 but ${LOCAL_POSTGRES_URL} cannot use it (${error.message}); ` +
        'set DATABASE_URL to a URL with a role and password it accepts (e.g. postgresql://postgres:postgres@127.0.0.1:5432/test)',
    );
  });
  await applyMigrations(schema.url);
  return { url: schema.url, kind, close: () => schema.close() };
}
