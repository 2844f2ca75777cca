import type { PoolConfig } from 'pg';

/**
 * A `pg` pool's settings for a bench database URL. Prisma's `?schema=` parameter (how the bench's
 * databases isolate) is not a PostgreSQL setting: it becomes the session's search path instead.
 */
export function poolConfigFor(databaseUrl: string): PoolConfig {
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get('schema');
  url.searchParams.delete('schema');
  return { connectionString: url.toString(), ...(schema ? { options: `-c search_path="${schema.replace(/"/g, '""')}"` } : {}) };
}
