import { createTestDatabase } from '../../apps/backend/src/testing/database';
import { Pool } from 'pg';

(async () => {
  process.env.DATABASE_URL ??= 'postgresql://postgres@127.0.0.1:5432/postgres';
  const db = await createTestDatabase();
  const user = await db.prisma.user.create({ data: { email: 'x@example.com', passwordHash: 'x' } });
  for (let i = 0; i < 50; i++) await db.prisma.task.create({ data: { userId: user.id, title: `Task ${i}`, description: i % 2 ? 'desc' : null } });
  const url = new URL(db.url); const schema = url.searchParams.get('schema'); url.searchParams.delete('schema');
  const pool = new Pool({ connectionString: url.toString(), options: `-c search_path=${schema}` });
  const sql = 'SELECT id, title, description, completed, priority, due_date, created_at, updated_at FROM tasks WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2';
  const run = async (name: string, fn: () => Promise<unknown>, n: number) => {
    for (let i = 0; i < 200; i++) await fn();
    const c0 = process.cpuUsage(); const t0 = performance.now();
    // 10 concurrent like a pool under load
    await Promise.all(Array.from({ length: 10 }, async () => { for (let i = 0; i < n / 10; i++) await fn(); }));
    const c = process.cpuUsage(c0); const t = performance.now() - t0;
    console.log(name.padEnd(28), 'cpu µs/op', ((c.user + c.system) / n).toFixed(0).padStart(6), 'wall ms', t.toFixed(0));
  };
  for (let r = 0; r < 1; r++) {
    await run('pg findMany 51', () => pool.query(sql, [user.id, 51]), 2000);
    await run('prisma findMany 51', () => db.prisma.task.findMany({ where: { AND: [{ userId: user.id }] }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 51 }), 2000);
    await run('prisma $queryRawUnsafe 51', () => db.prisma.$queryRawUnsafe(sql.replace('FROM tasks', `FROM "${schema}".tasks`), user.id, 51), 2000);
    await run('prisma findMany 51 select3', () => db.prisma.task.findMany({ where: { userId: user.id }, select: { id: true, title: true, completed: true }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 51 }), 2000);
    await run('pg user by id', () => pool.query('SELECT id, email, created_at FROM users WHERE id = $1', [user.id]), 2000);
    await run('prisma user findUnique', () => db.prisma.user.findUnique({ where: { id: user.id } }), 2000);
  }
  await pool.end(); await db.close();
})();
