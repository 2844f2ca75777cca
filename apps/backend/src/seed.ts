import type { CreateTaskInput } from '@todo/contracts';
import { hashPassword } from './auth/password';
import { createDatabase } from './db/database';

export const demoAccount = { email: 'demo@example.com', password: 'demo-password-123' } as const;

const day = 24 * 60 * 60 * 1000;
const demoTasks = (now: number): CreateTaskInput[] => [
  { title: 'Try the assistant: "add a task to water the plants tomorrow"', priority: 'high' },
  {
    title: 'Review the pull request',
    description: 'Check the pulumi preview output',
    priority: 'high',
    dueDate: new Date(now + day).toISOString(),
  },
  { title: 'Buy groceries', description: 'milk, eggs, coffee', priority: 'medium', dueDate: new Date(now + 2 * day).toISOString() },
  { title: 'Book the dentist', priority: 'low', dueDate: new Date(now + 7 * day).toISOString() },
  { title: 'Read the operations guide (docs/deploy.md)', priority: 'low' },
];

/** Creates the demo account with a few tasks; does nothing if the account exists. */
export async function seedDemoData(databaseUrl: string): Promise<boolean> {
  const database = createDatabase(databaseUrl, { max: 1 });
  try {
    const existing = await database.prisma.user.findUnique({ where: { email: demoAccount.email } });
    if (existing) return false;
    const user = await database.prisma.user.create({
      data: { email: demoAccount.email, passwordHash: await hashPassword(demoAccount.password) },
    });
    const now = Date.now();
    await database.prisma.task.createMany({
      data: demoTasks(now).map((task) => ({
        userId: user.id,
        title: task.title,
        description: task.description ?? null,
        priority: task.priority,
        dueDate: task.dueDate ? new Date(task.dueDate) : null,
      })),
    });
    process.stdout.write(`seeded demo account ${demoAccount.email} / ${demoAccount.password}\n`);
    return true;
  } finally {
    await database.close();
  }
}
