import type { PrismaClient } from '../db/database';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { createTasksRepository } from './tasks.repository';

let db: TestDatabase;
let userId: string;
let otherUserId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  userId = (await db.prisma.user.create({ data: { email: 'repo@example.com', passwordHash: 'x' } })).id;
  otherUserId = (await db.prisma.user.create({ data: { email: 'repo-other@example.com', passwordHash: 'x' } })).id;
});

afterAll(async () => {
  await db.close();
});

const newTask = (title: string, owner = userId) => db.prisma.task.create({ data: { userId: owner, title } });

/**
 * The real client, except that the first read of a task is followed by someone else's edit of it,
 * landing between the repository's read and its write: the race the compare-and-set must survive.
 */
function withEditAfterFirstRead(edit: { title: string }): PrismaClient {
  let edited = false;
  const task = new Proxy(db.prisma.task, {
    get(target, property, receiver) {
      if (property !== 'findFirst') return Reflect.get(target, property, receiver) as unknown;
      return async (args: Parameters<PrismaClient['task']['findFirst']>[0]) => {
        const found = await target.findFirst(args);
        if (found && !edited) {
          edited = true;
          await target.update({ where: { id: found.id }, data: edit });
        }
        return found;
      };
    },
  });
  return new Proxy(db.prisma, { get: (target, property, receiver) => (property === 'task' ? task : Reflect.get(target, property, receiver)) as unknown });
}

describe('tasks repository: update', () => {
  it('when a task is updated, then it returns the row as it found it and as it left it', async () => {
    const task = await newTask('Buy milk');
    const repository = createTasksRepository(db.prisma, db.database.sql);

    const updated = await repository.update(userId, task.id, { completed: true });

    expect(updated?.before).toEqual(task);
    expect(updated?.after).toMatchObject({ ...task, completed: true, updatedAt: expect.any(Date) });
    expect(updated?.after.updatedAt.getTime()).toBeGreaterThanOrEqual(task.updatedAt.getTime());
  });

  it('when someone edits the task between the read and the write, then the write waits for a fresh read: before holds their edit, after keeps it', async () => {
    const task = await newTask('Buy milk');
    const repository = createTasksRepository(withEditAfterFirstRead({ title: 'Buy oat milk' }), db.database.sql);

    const updated = await repository.update(userId, task.id, { completed: true });

    expect(updated?.before).toMatchObject({ title: 'Buy oat milk', completed: false });
    expect(updated?.after).toMatchObject({ title: 'Buy oat milk', completed: true });
    expect(await db.prisma.task.findUnique({ where: { id: task.id } })).toEqual(updated?.after);
  });

  it("when the task is another user's or missing, then null and nothing changes", async () => {
    const theirs = await newTask('Their task', otherUserId);
    const repository = createTasksRepository(db.prisma, db.database.sql);

    expect(await repository.update(userId, theirs.id, { title: 'mine now' })).toBeNull();
    expect(await repository.update(userId, '00000000-0000-4000-8000-000000000000', { title: 'x' })).toBeNull();
    expect(await db.prisma.task.findUnique({ where: { id: theirs.id } })).toEqual(theirs);
  });
});

describe('tasks repository: remove', () => {
  it('when a task is deleted, then the row comes back exactly as it was deleted', async () => {
    const task = await newTask('Call mum');
    const repository = createTasksRepository(db.prisma, db.database.sql);

    expect(await repository.remove(userId, task.id)).toEqual(task);
    expect(await db.prisma.task.findUnique({ where: { id: task.id } })).toBeNull();
  });

  it("when the task is another user's or already gone, then null and theirs stays", async () => {
    const theirs = await newTask('Their task', otherUserId);
    const repository = createTasksRepository(db.prisma, db.database.sql);

    expect(await repository.remove(userId, theirs.id)).toBeNull();
    expect(await repository.remove(userId, '00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(await db.prisma.task.findUnique({ where: { id: theirs.id } })).toEqual(theirs);
  });
});
