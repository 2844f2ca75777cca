import { createTaskRequestSchema, updateTaskRequestSchema, type Task } from '@todo/contracts';
import fc from 'fast-check';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { createTasksRepository, type TasksRepository } from './tasks.repository';
import { prismaTasks } from './testing/tasks-prisma';

/**
 * The single-task statements (task-statements.ts, what the API runs) against the Prisma calls they
 * replaced (testing/tasks-prisma.ts), over random inputs and patches: create, get, update and
 * delete must give the same tasks, apart from what each generates (id and timestamps), which must
 * have the form Prisma's client gives them. `PROPERTY_RUNS` sets the number of runs (default 25).
 */

let db: TestDatabase;
let sql: TasksRepository;
let prisma: ReturnType<typeof prismaTasks>;
let userId: string;
let otherUserId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  sql = createTasksRepository(db.database.sql);
  prisma = prismaTasks(db.prisma);
  userId = (await db.prisma.user.create({ data: { email: 'statements@example.com', passwordHash: 'x' } })).id;
  otherUserId = (await db.prisma.user.create({ data: { email: 'statements-other@example.com', passwordHash: 'x' } })).id;
});

afterAll(async () => {
  await db.close();
});

const text = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', "'", '"', '\\', '%', 'é', '😀', '$1', ';'), minLength: 1, maxLength: 12 });
/** Due dates as clients send them: UTC or with an offset, with none to six fraction digits. */
const dueDate = fc
  .record({
    at: fc.date({ min: new Date('1900-01-02T00:00:00Z'), max: new Date('9999-12-30T00:00:00Z'), noInvalidDate: true }),
    offset: fc.constantFrom('Z', '+05:30', '-08:00'),
    fraction: fc.constantFrom('', '.1', '.123', '.123456'),
  })
  .map(({ at, offset, fraction }) => `${at.toISOString().slice(0, 19)}${fraction}${offset}`);
const sometimes = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

const createArb = fc
  .record({
    title: text,
    description: sometimes(fc.option(text, { nil: null })),
    priority: sometimes(fc.constantFrom('low', 'medium', 'high')),
    dueDate: sometimes(dueDate),
  })
  .map((raw) => createTaskRequestSchema.safeParse(Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined))))
  .filter((parsed) => parsed.success)
  .map((parsed) => parsed.data);

const patchArb = fc
  .record({
    title: sometimes(text),
    description: sometimes(fc.option(text, { nil: null })),
    priority: sometimes(fc.constantFrom('low', 'medium', 'high')),
    dueDate: sometimes(fc.option(dueDate, { nil: null })),
    completed: sometimes(fc.boolean()),
  })
  .map((raw) => updateTaskRequestSchema.safeParse(Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined))))
  .filter((parsed) => parsed.success)
  .map((parsed) => parsed.data);

/** What both paths must agree on: everything but what each generates. */
const content = ({ id: _id, createdAt: _createdAt, updatedAt: _updatedAt, ...rest }: Task) => rest;
const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const isoMillis = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('the single-task statements', () => {
  it('when run over random inputs and patches, then create, get, update and delete equal the Prisma calls', async () => {
    await fc.assert(
      fc.asyncProperty(createArb, patchArb, async (input, patch) => {
        const started = Date.now();
        const created = await sql.create(userId, input);
        const reference = await prisma.create(userId, input);
        expect(content(created)).toEqual(content(reference));
        expect(created.id).toMatch(uuidV4);
        expect(created.createdAt).toMatch(isoMillis);
        expect(created.updatedAt).toBe(created.createdAt);
        expect(Date.parse(created.createdAt)).toBeGreaterThanOrEqual(started);

        expect(await sql.findById(userId, created.id)).toEqual(created);
        expect(await prisma.findById(userId, created.id)).toEqual(created);

        const updated = await sql.update(userId, created.id, patch);
        const referenceUpdate = await prisma.update(userId, reference.id, patch);
        expect(updated?.before).toEqual(created);
        expect(content(updated!.after)).toEqual(content(referenceUpdate!.after));
        expect(updated?.after.id).toBe(created.id);
        expect(updated?.after.createdAt).toBe(created.createdAt);
        expect(Date.parse(updated!.after.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));
        expect(await prisma.findById(userId, created.id)).toEqual(updated?.after);

        // Another user's task is a missing one, for every statement and on both paths.
        for (const repository of [sql, prisma]) {
          expect(await repository.findById(otherUserId, created.id)).toBeNull();
          expect(await repository.update(otherUserId, created.id, patch)).toBeNull();
          expect(await repository.remove(otherUserId, created.id)).toBeNull();
        }

        expect(await sql.remove(userId, created.id)).toEqual(updated?.after);
        expect(content((await prisma.remove(userId, reference.id))!)).toEqual(content(updated!.after));
        expect(await sql.findById(userId, created.id)).toBeNull();
        expect(await sql.remove(userId, created.id)).toBeNull();
        expect(await sql.update(userId, created.id, patch)).toBeNull();
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 25) },
    );
  });
});
