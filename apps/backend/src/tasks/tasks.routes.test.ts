import type { CreateTaskRequest, Task } from '@todo/contracts';
import request from 'supertest';
import { newTask, newUser, type TestUser } from '../testing/factories';
import { createTestApp, type TestApp } from '../testing/test-app';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t.db.close();
});

const api = () => request(t.app);
const createUser = () => newUser(t.app);
const createTask = (owner: TestUser, input?: Parameters<typeof newTask>[2]) => newTask(t.app, owner, input);

describe('POST /api/v1/tasks', () => {
  it('when a valid task is posted, then 201 returns it with defaults filled in', async () => {
    const owner = await createUser();

    const res = await api().post('/api/v1/tasks').set(owner.auth).send({ title: '  Buy milk ', dueDate: '2026-12-01T09:00:00Z' });

    expect(res.status).toBe(201);
    expect(res.body.task).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      title: 'Buy milk',
      description: null,
      completed: false,
      priority: 'medium',
      dueDate: '2026-12-01T09:00:00.000Z',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(res.headers.location).toBe(`/api/v1/tasks/${res.body.task.id}`);
  });

  it('when the title is missing, an extra field is given and a field has the wrong type, then 422 lists every issue', async () => {
    const owner = await createUser();

    const res = await api().post('/api/v1/tasks').set(owner.auth).send({ priority: 'urgent', owner: 'x', completed: 'yes' });

    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('validation_failed');
    const paths = (res.body.error.details as { path: string }[]).map((issue) => issue.path).sort();
    expect(paths).toEqual(['', 'priority', 'title']);
  });

  it('when the body is malformed JSON, then 400 invalid_json', async () => {
    const owner = await createUser();

    const res = await api().post('/api/v1/tasks').set(owner.auth).set('content-type', 'application/json').send('{"title": ');

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'invalid_json', message: 'The request body is not valid JSON' } });
  });

  it('when the body exceeds the limit, then 413 payload_too_large', async () => {
    const owner = await createUser();

    const res = await api()
      .post('/api/v1/tasks')
      .set(owner.auth)
      .send({ title: 'x', description: 'a'.repeat(200 * 1024) });

    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('when no token is sent, then 401', async () => {
    const res = await api().post('/api/v1/tasks').send({ title: 'x' });

    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: 'unauthorized', message: 'Authentication required' } });
  });
});

describe('GET/PATCH/DELETE /api/v1/tasks/:id', () => {
  const path = (id: string) => `/api/v1/tasks/${id}`;

  it('when the owner gets the task, then 200 returns it', async () => {
    const owner = await createUser();
    const mine = await createTask(owner, { title: 'Mine', priority: 'high' });

    const res = await api().get(path(mine.id)).set(owner.auth);

    expect([res.status, res.body]).toEqual([200, { task: mine }]);
  });

  it('when another user gets, patches or deletes the task, then 404 and the task is unchanged', async () => {
    const owner = await createUser();
    const other = await createUser();
    const mine = await createTask(owner, { title: 'Mine' });

    const get = await api().get(path(mine.id)).set(other.auth);
    const patch = await api().patch(path(mine.id)).set(other.auth).send({ title: 'stolen' });
    const del = await api().delete(path(mine.id)).set(other.auth);

    const notFound = { error: { code: 'not_found', message: `Task ${mine.id} not found` } };
    expect([get.status, get.body, patch.status, patch.body, del.status, del.body]).toEqual([404, notFound, 404, notFound, 404, notFound]);
    expect((await api().get(path(mine.id)).set(owner.auth)).body).toEqual({ task: mine });
  });

  it.each(['00000000-0000-4000-8000-000000000000', 'not-a-uuid'])(
    'when the id is %s (unknown, or no id at all), then get, patch and delete answer 404 naming it',
    async (id) => {
      const owner = await createUser();

      const answers = await Promise.all([
        api().get(path(id)).set(owner.auth),
        api().patch(path(id)).set(owner.auth).send({ title: 'x' }),
        api().delete(path(id)).set(owner.auth),
      ]);

      const notFound = { error: { code: 'not_found', message: `Task ${id} not found` } };
      expect(answers.map((res) => [res.status, res.body])).toEqual([
        [404, notFound],
        [404, notFound],
        [404, notFound],
      ]);
    },
  );

  it('when the id is no id and the patch is invalid too, then 422: the body is validated first, as for an unknown id', async () => {
    const owner = await createUser();

    const malformed = await api().patch(path('not-a-uuid')).set(owner.auth).send({});
    const unknown = await api().patch(path('00000000-0000-4000-8000-000000000000')).set(owner.auth).send({});

    expect([malformed.status, malformed.body]).toEqual([unknown.status, unknown.body]);
    expect(malformed.body.error).toMatchObject({ code: 'validation_failed', message: 'The task update is invalid' });
  });

  it('when the owner patches fields, then only those change and updatedAt moves', async () => {
    const owner = await createUser();
    const mine = await createTask(owner, { title: 'Mine', priority: 'high' });

    const res = await api().patch(path(mine.id)).set(owner.auth).send({ completed: true, description: 'done it' });

    expect(res.status).toBe(200);
    expect(res.body.task).toEqual({ ...mine, completed: true, description: 'done it', updatedAt: expect.any(String) });
    expect(Date.parse((res.body.task as Task).updatedAt)).toBeGreaterThanOrEqual(Date.parse(mine.updatedAt));
  });

  it('when the patch is empty or has an unknown field, then 422 and the task is unchanged', async () => {
    const owner = await createUser();
    const mine = await createTask(owner);

    const empty = await api().patch(path(mine.id)).set(owner.auth).send({});
    const extra = await api().patch(path(mine.id)).set(owner.auth).send({ userId: 'x' });

    expect([empty.status, extra.status]).toEqual([422, 422]);
    expect((await api().get(path(mine.id)).set(owner.auth)).body).toEqual({ task: mine });
  });

  it('when the owner deletes the task, then 204 with no body and it is gone', async () => {
    const owner = await createUser();
    const mine = await createTask(owner);

    const del = await api().delete(path(mine.id)).set(owner.auth);
    const get = await api().get(path(mine.id)).set(owner.auth);

    expect([del.status, del.text]).toEqual([204, '']);
    expect(get.status).toBe(404);
  });
});

describe('GET /api/v1/tasks', () => {
  /** A user with five tasks, Delta report completed: what the listing tests read. */
  async function lister(): Promise<TestUser> {
    const owner = await createUser();
    const tasks: CreateTaskRequest[] = [
      { title: 'Alpha report', priority: 'low', dueDate: '2026-12-03T00:00:00Z' },
      { title: 'Beta groceries', priority: 'high', description: 'milk and eggs' },
      { title: 'Gamma call', priority: 'medium', dueDate: '2026-12-01T00:00:00Z' },
      { title: 'Delta report', priority: 'high', dueDate: '2026-12-02T00:00:00Z' },
      { title: 'Epsilon', priority: 'low' },
    ];
    // One at a time: the default order is by creation time.
    const created: Task[] = [];
    for (const input of tasks) created.push(await createTask(owner, input));
    await api().patch(`/api/v1/tasks/${created[3]!.id}`).set(owner.auth).send({ completed: true }).expect(200);
    return owner;
  }

  const titles = (body: { items: { title: string }[] }) => body.items.map((task) => task.title);

  it('when listing with defaults, then newest first and only own tasks', async () => {
    const { auth } = await lister();
    await createTask(await createUser(), { title: 'Not mine' });

    const res = await api().get('/api/v1/tasks').set(auth);

    expect(res.status).toBe(200);
    expect(titles(res.body)).toEqual(['Epsilon', 'Delta report', 'Gamma call', 'Beta groceries', 'Alpha report']);
    expect(res.body.nextCursor).toBeNull();
  });

  it('when filtering by status, priority and text, then only matching tasks come back', async () => {
    const { auth } = await lister();

    const completed = await api().get('/api/v1/tasks?status=completed').set(auth);
    const active = await api().get('/api/v1/tasks?status=active&priority=high').set(auth);
    const text = await api().get('/api/v1/tasks?q=REPORT').set(auth);
    const inDescription = await api().get('/api/v1/tasks?q=eggs').set(auth);

    expect(titles(completed.body)).toEqual(['Delta report']);
    expect(titles(active.body)).toEqual(['Beta groceries']);
    expect(titles(text.body)).toEqual(['Delta report', 'Alpha report']);
    expect(titles(inDescription.body)).toEqual(['Beta groceries']);
  });

  it('when sorting by due date, then dated tasks come first in order and undated ones last', async () => {
    const { auth } = await lister();

    const asc = await api().get('/api/v1/tasks?sort=due&order=asc').set(auth);
    const desc = await api().get('/api/v1/tasks?sort=due&order=desc').set(auth);

    expect(titles(asc.body)).toEqual(['Gamma call', 'Delta report', 'Alpha report', 'Beta groceries', 'Epsilon']);
    expect(titles(desc.body)).toEqual(['Alpha report', 'Delta report', 'Gamma call', 'Epsilon', 'Beta groceries']);
  });

  it('when sorting by priority, then high first for desc', async () => {
    const { auth } = await lister();

    const res = await api().get('/api/v1/tasks?sort=priority&order=desc').set(auth);

    expect(titles(res.body)).toEqual(['Delta report', 'Beta groceries', 'Gamma call', 'Epsilon', 'Alpha report']);
  });

  it.each([
    ['created', 'desc'],
    ['created', 'asc'],
    ['due', 'asc'],
    ['due', 'desc'],
    ['priority', 'asc'],
    ['priority', 'desc'],
  ])('when paging by 2 with sort=%s order=%s, then the pages concatenate to the full list', async (sort, order) => {
    const { auth } = await lister();
    const full = await api().get(`/api/v1/tasks?sort=${sort}&order=${order}`).set(auth);
    const paged: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 5; page++) {
      const query: string = `sort=${sort}&order=${order}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await api().get(`/api/v1/tasks?${query}`).set(auth);
      expect(res.status).toBe(200);
      paged.push(...titles(res.body));
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }

    expect(paged).toEqual(titles(full.body));
    expect(cursor).toBeNull();
  });

  it('when q holds %, _ or \\, then each matches itself, not as a LIKE wildcard or escape', async () => {
    const searcher = await createUser();
    for (const title of ['Buy milk', '50% off sale', 'under_score', 'C:\\temp']) await createTask(searcher, { title });
    const search = async (q: string) =>
      titles(
        (
          await api()
            .get(`/api/v1/tasks?q=${encodeURIComponent(q)}`)
            .set(searcher.auth)
        ).body,
      );

    expect(await search('%')).toEqual(['50% off sale']);
    expect(await search('_')).toEqual(['under_score']);
    expect(await search('\\')).toEqual(['C:\\temp']);
    expect(await search('0%')).toEqual(['50% off sale']);
    expect(await search('MILK')).toEqual(['Buy milk']);
  });

  it('when the query has a bad value, an unknown key or a foreign cursor, then 422', async () => {
    const { auth } = await lister();

    const badLimit = await api().get('/api/v1/tasks?limit=0').set(auth);
    const unknown = await api().get('/api/v1/tasks?owner=me').set(auth);
    const page = await api().get('/api/v1/tasks?limit=1').set(auth);
    const otherSort = await api().get(`/api/v1/tasks?limit=1&sort=due&cursor=${page.body.nextCursor}`).set(auth);
    const garbage = await api().get('/api/v1/tasks?cursor=garbage').set(auth);

    expect([badLimit.status, unknown.status, otherSort.status, garbage.status]).toEqual([422, 422, 422, 422]);
    expect(garbage.body.error.details).toEqual([{ path: 'cursor', message: 'is not a cursor of this listing' }]);
  });
});
