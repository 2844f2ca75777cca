import { listTasksQuerySchema, type ListTasksInput, type TaskList } from '@todo/contracts';
import fc from 'fast-check';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { listTasksArgs } from './testing/list-prisma';
import { decodeCursor, pageOf } from './pagination';
import { createTasksRepository, type TasksRepository } from './tasks.repository';
import { toTask } from './tasks.service';

/**
 * The list's SQL statement (list-query.ts, what the API runs) against the Prisma query it replaced
 * (testing/list-prisma.ts), over random tasks and random filter / sort / cursor combinations: every page,
 * followed cursor by cursor to the end, must be the same. `PROPERTY_RUNS` sets the number of
 * random data sets (default 25, each with 4 queries).
 */

let db: TestDatabase;
let repository: TasksRepository;
let userId: string;
let otherUserId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  repository = createTasksRepository(db.database.sql);
  const user = await db.prisma.user.create({ data: { email: 'property@example.com', passwordHash: 'x' } });
  const other = await db.prisma.user.create({ data: { email: 'other@example.com', passwordHash: 'x' } });
  userId = user.id;
  otherUserId = other.id;
});

afterAll(async () => {
  await db.close();
});

/** A few values each, so ties on every sort key are common (the order must still be total). */
const instants = ['2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.001Z', '2026-03-15T12:30:00.000Z', '1999-12-31T23:59:59.999Z'];
const text = fc.string({ unit: fc.constantFrom('a', 'B', 'b', 'A', '%', '_', '\\', ' ', 'x'), minLength: 0, maxLength: 6 });

const taskArb = fc.record({
  id: fc.uuid(),
  // Mostly the listing user's; the others' must never show up.
  mine: fc.constantFrom(true, true, true, false),
  title: text.map((value) => `t${value}`),
  description: fc.option(text, { nil: null }),
  completed: fc.boolean(),
  priority: fc.constantFrom('low', 'medium', 'high'),
  // Undated in a third of the tasks: they sort last in both directions of the due sort.
  dueDate: fc.option(fc.constantFrom(...instants), { nil: null, freq: 3 }),
  createdAt: fc.constantFrom(...instants),
});

/** Present in one query in three: with every filter often on, most lists would be a page or less. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>) => fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary, weight: 1 });

/** Raw query strings as they arrive, parsed by the API's own schema. */
const queryArb = fc
  .record({
    status: sometimes(fc.constantFrom('all', 'active', 'completed')),
    priority: sometimes(fc.constantFrom('low', 'medium', 'high')),
    q: sometimes(fc.string({ unit: fc.constantFrom('a', 'B', '%', '_', '\\', 'x', 't'), minLength: 1, maxLength: 3 })),
    sort: fc.constantFrom('created', 'due', 'priority'),
    order: fc.constantFrom('asc', 'desc'),
    limit: fc.integer({ min: 1, max: 5 }).map(String),
  })
  .map((raw) => listTasksQuerySchema.parse(Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined))));

async function prismaPage(query: ListTasksInput): Promise<TaskList> {
  const cursor = query.cursor ? decodeCursor(query.cursor, query.sort, query.order) : undefined;
  const rows = await db.prisma.task.findMany(listTasksArgs(userId, query, cursor));
  return pageOf(rows.map(toTask), query);
}

/** Follows the cursors to the last page; returns every page of both paths. */
async function walk(query: ListTasksInput): Promise<{ sql: TaskList[]; prisma: TaskList[] }> {
  const pages = { sql: [] as TaskList[], prisma: [] as TaskList[] };
  let cursor: string | undefined;
  for (let page = 0; page < 50; page += 1) {
    const sql = await repository.list(userId, { ...query, cursor });
    pages.sql.push(sql);
    pages.prisma.push(await prismaPage({ ...query, cursor }));
    if (!sql.nextCursor) break;
    cursor = sql.nextCursor;
  }
  return pages;
}

describe('the task list statement', () => {
  it("when run over random tasks and queries, then every page equals the Prisma query's page", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(taskArb, { selector: (task) => task.id, minLength: 4, maxLength: 24 }),
        fc.array(queryArb, { minLength: 4, maxLength: 4 }),
        async (tasks, queries) => {
          await db.prisma.task.deleteMany({});
          await db.prisma.task.createMany({
            data: tasks.map(({ mine, dueDate, createdAt, ...task }) => ({
              ...task,
              userId: mine ? userId : otherUserId,
              dueDate: dueDate === null ? null : new Date(dueDate),
              createdAt: new Date(createdAt),
              updatedAt: new Date(createdAt),
            })),
          });
          for (const query of queries) {
            const pages = await walk(query);
            expect(pages.sql).toEqual(pages.prisma);
            // Independent of both implementations: exactly the own tasks matching the filters
            // (q as a literal, case-insensitive substring), each once.
            const listed = pages.sql.flatMap((page) => page.items.map((task) => task.id));
            const q = query.q?.toLowerCase();
            const expected = tasks.filter(
              (task) =>
                task.mine &&
                (query.status === 'all' || task.completed === (query.status === 'completed')) &&
                (!query.priority || task.priority === query.priority) &&
                (!q || task.title.toLowerCase().includes(q) || (task.description ?? '').toLowerCase().includes(q)),
            );
            expect(listed.length).toBe(new Set(listed).size);
            expect(new Set(listed)).toEqual(new Set(expected.map((task) => task.id)));
          }
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 25) },
    );
  });
});
