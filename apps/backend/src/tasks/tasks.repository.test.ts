import { createTestDatabase, type TestDatabase } from '../testing/database';
import { createTasksRepository, type TasksRepository } from './tasks.repository';
import { toTask } from './tasks.service';

let db: TestDatabase;
let repository: TasksRepository;
let userId: string;
let otherUserId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  repository = createTasksRepository(db.database.sql);
  userId = (await db.prisma.user.create({ data: { email: 'repo@example.com', passwordHash: 'x' } })).id;
  otherUserId = (await db.prisma.user.create({ data: { email: 'repo-other@example.com', passwordHash: 'x' } })).id;
});

afterAll(async () => {
  await db.close();
});

const newTask = async (title: string, owner = userId) => toTask(await db.prisma.task.create({ data: { userId: owner, title } }));
const stored = async (id: string) => {
  const found = await db.prisma.task.findUnique({ where: { id } });
  return found && toTask(found);
};

describe('tasks repository: update', () => {
  it('when a task is updated, then it returns the row as it found it and as it left it', async () => {
    const task = await newTask('Buy milk');

    const updated = await repository.update(userId, task.id, { completed: true });

    expect(updated?.before).toEqual(task);
    expect(updated?.after).toEqual({ ...task, completed: true, updatedAt: expect.any(String) });
    expect(Date.parse(updated!.after.updatedAt)).toBeGreaterThanOrEqual(Date.parse(task.updatedAt));
    expect(await stored(task.id)).toEqual(updated?.after);
  });

  it('when several updates of one task race, then each before is exactly what the previous one left (one chain, nothing read twice)', async () => {
    const task = await newTask('v0');
    const titles = Array.from({ length: 8 }, (_, i) => `v${i + 1}`);

    const results = await Promise.all(titles.map((title) => repository.update(userId, task.id, { title })));

    // A read-then-write without the lock would let two updates read the same row: a title
    // would show up as `before` twice and another never.
    const befores = results.map((result) => result!.before.title).sort();
    const afters = results.map((result) => result!.after.title);
    const last = afters.find((title) => !befores.includes(title));
    expect(befores).toEqual(['v0', ...titles].filter((title) => title !== last).sort());
    expect((await stored(task.id))?.title).toBe(last);
  });

  it("when the task is another user's or missing, then null and nothing changes", async () => {
    const theirs = await newTask('Their task', otherUserId);

    expect(await repository.update(userId, theirs.id, { title: 'mine now' })).toBeNull();
    expect(await repository.update(userId, '00000000-0000-4000-8000-000000000000', { title: 'x' })).toBeNull();
    expect(await stored(theirs.id)).toEqual(theirs);
  });
});

describe('tasks repository: remove', () => {
  it('when a task is deleted, then the row comes back exactly as it was deleted', async () => {
    const task = await newTask('Call mum');

    expect(await repository.remove(userId, task.id)).toEqual(task);
    expect(await stored(task.id)).toBeNull();
  });

  it("when the task is another user's or already gone, then null and theirs stays", async () => {
    const theirs = await newTask('Their task', otherUserId);

    expect(await repository.remove(userId, theirs.id)).toBeNull();
    expect(await repository.remove(userId, '00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(await stored(theirs.id)).toEqual(theirs);
  });
});
