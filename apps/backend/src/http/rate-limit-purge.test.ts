import { createDatabase } from '../db/database';
import { createLogger } from '../observability/logger';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { captureLogs } from '../testing/test-app';
import { startRateLimitPurge } from './rate-limit';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.close();
});

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);

async function until(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('startRateLimitPurge', () => {
  it('when a window ended more than keepMs ago, then its row is deleted and current or recent ones stay', async () => {
    const prisma = db.database.prisma;
    await prisma.rateLimit.createMany({
      data: [
        { key: 'purge:ended-2h-ago', points: 3, expire: hoursAgo(2) },
        { key: 'purge:ended-10min-ago', points: 3, expire: hoursAgo(1 / 6) },
        { key: 'purge:current', points: 1, expire: hoursAgo(-1) },
      ],
    });
    const logs = captureLogs();
    const purge = startRateLimitPurge(prisma, createLogger({ level: 'debug', destination: logs.stream }), {
      keepMs: 3_600_000,
      everyMs: 20,
    });
    try {
      await until(async () => (await prisma.rateLimit.count({ where: { key: 'purge:ended-2h-ago' } })) === 0);
    } finally {
      purge.stop();
    }
    const left = await prisma.rateLimit.findMany({ where: { key: { startsWith: 'purge:' } }, orderBy: { key: 'asc' } });
    expect(left.map((row) => row.key)).toEqual(['purge:current', 'purge:ended-10min-ago']);
    expect(logs.lines()).toContainEqual(expect.objectContaining({ msg: 'expired rate-limit counters deleted', count: 1 }));
  });

  it('when the database fails, then the failure is one JSON warning through the logger, not the console', async () => {
    const closed = createDatabase(db.url, { max: 1 });
    await closed.close();
    const logs = captureLogs();
    const warn = jest.spyOn(console, 'warn');
    const purge = startRateLimitPurge(closed.prisma, createLogger({ level: 'info', destination: logs.stream }), {
      keepMs: 3_600_000,
      everyMs: 20,
    });
    try {
      await until(async () => logs.lines().length > 0);
    } finally {
      purge.stop();
    }
    expect(logs.lines()[0]).toMatchObject({ level: 'warn', msg: 'could not delete expired rate-limit counters' });
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });
});
