import request from 'supertest';
import { createTestApp, type TestApp } from '../testing/test-app';

let t: TestApp;
let token: string;
let otherToken: string;

async function signup(email: string): Promise<string> {
  const res = await request(t.app).post('/api/v1/auth/signup').send({ email, password: 'correct horse battery' });
  expect(res.status).toBe(201);
  return res.body.token as string;
}

beforeAll(async () => {
  t = await createTestApp();
  token = await signup('owner@example.com');
  otherToken = await signup('other@example.com');
});

afterAll(async () => {
  await t.db.close();
});

const api = () => request(t.app);
const auth = (value = token) => ({ authorization: `Bearer ${value}` });

describe('POST /api/v1/tasks', () => {
  it('when a valid task is posted, then 201 returns it with defaults filled in', async () => {
    const res = await api().post('/api/v1/tasks').set(auth()).send({ title: '  Buy milk ', dueDate: '2026-12-01T09:00:00Z' });

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
    const res = await api().post('/api/v1/tasks').set(auth()).send({ priority: 'urgent', owner: 'x', completed: 'yes' });

    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('validation_failed');
    const paths = (res.body.error.details as { path: string }[]).map((issue) => issue.path).sort();
    expect(paths).toEqual(['', 'priority', 'title']);
  });

  it('when the body is malformed JSON, then 400 invalid_json', async () => {
    const res = await api().post('/api/v1/tasks').set(auth()).set('content-type', 'application/json').send('{"title": ');

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'invalid_json', message: 'The request body is not valid JSON' } });
  });

  it('when the body exceeds the limit, then 413 payload_too_large', async () => {
    const res = await api()
      .post('/api/v1/tasks')
      .set(auth())
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
  let taskId: string;

  beforeAll(async () => {
    const res = await api().post('/api/v1/tasks').set(auth()).send({ title: 'Mine', priority: 'high' });
    taskId = res.body.task.id;
  });

  it('when the owner gets the task, then 200 returns it', async () => {
    const res = await api().get(`/api/v1/tasks/${taskId}`).set(auth());

    expect(res.status).toBe(200);
    expect(res.body.task.title).toBe('Mine');
    expect(res.body.task.priority).toBe('high');
  });

  it('when another user gets, patches or deletes the task, then 404 and the task is unchanged', async () => {
    const get = await api().get(`/api/v1/tasks/${taskId}`).set(auth(otherToken));
    const patch = await api().patch(`/api/v1/tasks/${taskId}`).set(auth(otherToken)).send({ title: 'stolen' });
    const del = await api().delete(`/api/v1/tasks/${taskId}`).set(auth(otherToken));

    expect([get.status, patch.status, del.status]).toEqual([404, 404, 404]);
    expect(get.body).toEqual({ error: { code: 'not_found', message: `Task ${taskId} not found` } });
    const mine = await api().get(`/api/v1/tasks/${taskId}`).set(auth());
    expect(mine.body.task.title).toBe('Mine');
  });

  it('when the id is unknown or not a uuid, then 404', async () => {
    const unknown = await api().get('/api/v1/tasks/00000000-0000-4000-8000-000000000000').set(auth());
    const garbage = await api().get('/api/v1/tasks/not-a-uuid').set(auth());

    expect(unknown.status).toBe(404);
    expect(garbage.status).toBe(404);
  });

  it('when the owner patches fields, then only those change and updatedAt moves', async () => {
    const before = await api().get(`/api/v1/tasks/${taskId}`).set(auth());
    const res = await api().patch(`/api/v1/tasks/${taskId}`).set(auth()).send({ completed: true, description: 'done it' });

    expect(res.status).toBe(200);
    expect(res.body.task).toMatchObject({ title: 'Mine', priority: 'high', completed: true, description: 'done it' });
    expect(Date.parse(res.body.task.updatedAt)).toBeGreaterThanOrEqual(Date.parse(before.body.task.updatedAt));
  });

  it('when the patch is empty or has an unknown field, then 422', async () => {
    const empty = await api().patch(`/api/v1/tasks/${taskId}`).set(auth()).send({});
    const extra = await api().patch(`/api/v1/tasks/${taskId}`).set(auth()).send({ userId: 'x' });

    expect(empty.status).toBe(422);
    expect(extra.status).toBe(422);
  });

  it('when the owner deletes the task, then 204 and it is gone', async () => {
    const del = await api().delete(`/api/v1/tasks/${taskId}`).set(auth());
    const get = await api().get(`/api/v1/tasks/${taskId}`).set(auth());

    expect(del.status).toBe(204);
    expect(get.status).toBe(404);
  });
});

describe('GET /api/v1/tasks', () => {
  let listToken: string;

  beforeAll(async () => {
    listToken = await signup('lister@example.com');
    const tasks = [
      { title: 'Alpha report', priority: 'low', dueDate: '2026-12-03T00:00:00Z' },
      { title: 'Beta groceries', priority: 'high', description: 'milk and eggs' },
      { title: 'Gamma call', priority: 'medium', dueDate: '2026-12-01T00:00:00Z' },
      { title: 'Delta report', priority: 'high', dueDate: '2026-12-02T00:00:00Z' },
      { title: 'Epsilon', priority: 'low' },
    ];
    for (const task of tasks) {
      const res = await api().post('/api/v1/tasks').set(auth(listToken)).send(task);
      expect(res.status).toBe(201);
    }
    const delta = await api().get('/api/v1/tasks?q=delta').set(auth(listToken));
    await api().patch(`/api/v1/tasks/${delta.body.items[0].id}`).set(auth(listToken)).send({ completed: true });
  });

  const titles = (body: { items: { title: string }[] }) => body.items.map((task) => task.title);

  it('when listing with defaults, then newest first and only own tasks', async () => {
    const res = await api().get('/api/v1/tasks').set(auth(listToken));

    expect(res.status).toBe(200);
    expect(titles(res.body)).toEqual(['Epsilon', 'Delta report', 'Gamma call', 'Beta groceries', 'Alpha report']);
    expect(res.body.nextCursor).toBeNull();
  });

  it('when filtering by status, priority and text, then only matching tasks come back', async () => {
    const completed = await api().get('/api/v1/tasks?status=completed').set(auth(listToken));
    const active = await api().get('/api/v1/tasks?status=active&priority=high').set(auth(listToken));
    const text = await api().get('/api/v1/tasks?q=REPORT').set(auth(listToken));
    const inDescription = await api().get('/api/v1/tasks?q=eggs').set(auth(listToken));

    expect(titles(completed.body)).toEqual(['Delta report']);
    expect(titles(active.body)).toEqual(['Beta groceries']);
    expect(titles(text.body)).toEqual(['Delta report', 'Alpha report']);
    expect(titles(inDescription.body)).toEqual(['Beta groceries']);
  });

  it('when sorting by due date, then dated tasks come first in order and undated ones last', async () => {
    const asc = await api().get('/api/v1/tasks?sort=due&order=asc').set(auth(listToken));
    const desc = await api().get('/api/v1/tasks?sort=due&order=desc').set(auth(listToken));

    expect(titles(asc.body)).toEqual(['Gamma call', 'Delta report', 'Alpha report', 'Beta groceries', 'Epsilon']);
    expect(titles(desc.body)).toEqual(['Alpha report', 'Delta report', 'Gamma call', 'Epsilon', 'Beta groceries']);
  });

  it('when sorting by priority, then high first for desc', async () => {
    const res = await api().get('/api/v1/tasks?sort=priority&order=desc').set(auth(listToken));

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
    const full = await api().get(`/api/v1/tasks?sort=${sort}&order=${order}`).set(auth(listToken));
    const paged: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 5; page++) {
      const query: string = `sort=${sort}&order=${order}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await api().get(`/api/v1/tasks?${query}`).set(auth(listToken));
      expect(res.status).toBe(200);
      paged.push(...titles(res.body));
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }

    expect(paged).toEqual(titles(full.body));
    expect(cursor).toBeNull();
  });

  it('when q holds %, _ or \\, then each matches itself, not as a LIKE wildcard or escape', async () => {
    const searchToken = await signup('search@example.com');
    for (const title of ['Buy milk', '50% off sale', 'under_score', 'C:\\temp']) {
      expect((await api().post('/api/v1/tasks').set(auth(searchToken)).send({ title })).status).toBe(201);
    }
    const search = async (q: string) =>
      titles((await api().get(`/api/v1/tasks?q=${encodeURIComponent(q)}`).set(auth(searchToken))).body);

    expect(await search('%')).toEqual(['50% off sale']);
    expect(await search('_')).toEqual(['under_score']);
    expect(await search('\\')).toEqual(['C:\\temp']);
    expect(await search('0%')).toEqual(['50% off sale']);
    expect(await search('MILK')).toEqual(['Buy milk']);
  });

  it('when the query has a bad value, an unknown key or a foreign cursor, then 422', async () => {
    const badLimit = await api().get('/api/v1/tasks?limit=0').set(auth(listToken));
    const unknown = await api().get('/api/v1/tasks?owner=me').set(auth(listToken));
    const page = await api().get('/api/v1/tasks?limit=1').set(auth(listToken));
    const otherSort = await api().get(`/api/v1/tasks?limit=1&sort=due&cursor=${page.body.nextCursor}`).set(auth(listToken));
    const garbage = await api().get('/api/v1/tasks?cursor=garbage').set(auth(listToken));

    expect([badLimit.status, unknown.status, otherSort.status, garbage.status]).toEqual([422, 422, 422, 422]);
    expect(garbage.body.error.details).toEqual([{ path: 'cursor', message: 'is not a cursor of this listing' }]);
  });
});
