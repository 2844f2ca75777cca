/**
 * `npx tsx apps/backend/scripts/prisma-vs-pg.ts`: where the backend's list request spends its CPU. Runs the
 * backend's list query (50 tasks + 1) and its per-request user lookup 2,000 times each, 10 at a
 * time, through Prisma (findMany / $queryRawUnsafe / a 3-column select / findUnique) and through a
 * bare `pg` pool, and prints the CPU per call of this process. Uses DATABASE_URL or the local
 * PostgreSQL (a fresh schema, dropped afterwards).
 */
import { Pool } from 'pg';
import { createTestDatabase } from '../src/testing/database';

const LOCAL_POSTGRES_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

const LIST_SQL = `SELECT id, title, description, completed, priority, due_date, created_at, updated_at
  FROM tasks WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`;
const CALLS = 2_000;
const CONCURRENCY = 10;

async function cpuPerCall(name: string, call: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 200; i += 1) await call(); // warm-up (JIT, pool)
  const before = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = 0; i < CALLS / CONCURRENCY; i += 1) await call();
    }),
  );
  const used = process.cpuUsage(before);
  process.stdout.write(`${name.padEnd(30)} ${((used.user + used.system) / CALLS).toFixed(0).padStart(6)} µs CPU per call\n`);
}

async function main() {
  process.env.DATABASE_URL ??= LOCAL_POSTGRES_URL;
  const db = await createTestDatabase();
  const url = new URL(db.url);
  const schema = url.searchParams.get('schema') ?? 'public';
  url.searchParams.delete('schema');
  const pool = new Pool({ connectionString: url.toString(), options: `-c search_path="${schema}"` });
  try {
    const user = await db.prisma.user.create({ data: { email: 'prisma-vs-pg@example.com', passwordHash: 'x' } });
    for (let i = 0; i < 50; i += 1) {
      await db.prisma.task.create({ data: { userId: user.id, title: `Task ${i}`, description: i % 2 ? 'Some notes' : null } });
    }
    const orderBy = [{ createdAt: 'desc' as const }, { id: 'desc' as const }];
    await cpuPerCall('pg: list (51 rows)', () => pool.query(LIST_SQL, [user.id, 51]));
    await cpuPerCall('prisma findMany (51 rows)', () =>
      db.prisma.task.findMany({ where: { AND: [{ userId: user.id }] }, orderBy, take: 51 }),
    );
    await cpuPerCall('prisma $queryRawUnsafe (51)', () =>
      db.prisma.$queryRawUnsafe(LIST_SQL.replace('FROM tasks', `FROM "${schema}".tasks`), user.id, 51),
    );
    await cpuPerCall('prisma findMany, 3 columns', () =>
      db.prisma.task.findMany({ where: { userId: user.id }, select: { id: true, title: true, completed: true }, orderBy, take: 51 }),
    );
    await cpuPerCall('pg: user by id', () => pool.query('SELECT id, email, created_at FROM users WHERE id = $1', [user.id]));
    await cpuPerCall('prisma user findUnique', () => db.prisma.user.findUnique({ where: { id: user.id } }));
  } finally {
    await pool.end();
    await db.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
