import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '@todo/testkit/embedded-postgres';
import { applyMigrations } from './db/migrator';
import { main } from './main';
import { seedDemoData } from './seed';

/**
 * `npm run dev`: the backend in watch mode with zero set-up. Without DATABASE_URL it starts an
 * embedded PostgreSQL (PGlite, data kept in apps/backend/.data/pglite) on 127.0.0.1:54329, applies
 * the committed migrations and seeds the demo account; with DATABASE_URL it only migrates.
 */
async function dev(): Promise<void> {
  process.env.JWT_SECRET ??= 'dev-only-secret-change-me-0123456789abcdef';
  process.env.LOG_LEVEL ??= 'debug';
  // tsx watch restarts on every save: no drain delay in development.
  process.env.SHUTDOWN_DRAIN_MS ??= '0';

  let embedded: EmbeddedPostgres | undefined;
  if (!process.env.DATABASE_URL) {
    const dataDir = resolve(__dirname, '../.data/pglite');
    mkdirSync(dataDir, { recursive: true });
    embedded = await startEmbeddedPostgres({ dataDir, port: Number(process.env.EMBEDDED_DB_PORT ?? 54329) });
    process.env.DATABASE_URL = embedded.url;
    process.stdout.write(`embedded PostgreSQL at ${embedded.url} (data in ${dataDir})\n`);
  }
  const applied = await applyMigrations(process.env.DATABASE_URL);
  if (applied.length > 0) process.stdout.write(`applied migrations: ${applied.join(', ')}\n`);
  if (embedded) await seedDemoData(process.env.DATABASE_URL);

  await main({ onStopped: async () => embedded?.stop() });
}

dev().catch((error: unknown) => {
  process.stderr.write(`dev server failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
