import { startEmbeddedPostgres, type EmbeddedPostgres } from '../embedded-postgres';

/**
 * Jest global setup (the backend project uses it): when no DATABASE_URL is given, start one embedded
 * PostgreSQL for the whole run (PGlite boots in ~5 s; once, not per test file) and export its URL
 * as DATABASE_URL, which the test workers inherit. Each test file still gets its own schema.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) return;
  const embedded = await startEmbeddedPostgres();
  process.env.DATABASE_URL = embedded.url;
  (globalThis as { __embeddedPostgres?: EmbeddedPostgres }).__embeddedPostgres = embedded;
}
