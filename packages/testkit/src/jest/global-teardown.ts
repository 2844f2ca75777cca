import type { EmbeddedPostgres } from '../embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  const holder = globalThis as { __embeddedPostgres?: EmbeddedPostgres };
  if (!holder.__embeddedPostgres) return;
  await holder.__embeddedPostgres.stop();
  delete holder.__embeddedPostgres;
  delete process.env.DATABASE_URL;
}
