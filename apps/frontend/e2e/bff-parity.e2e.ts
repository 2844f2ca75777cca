/**
 * The `/api/v1` fast path of the front server (src/edge/api-proxy.ts) against the route handler it
 * stands in for (src/app/api/v1/[...path]/route.ts): two built frontends on one backend, one with
 * the fast path and one with `API_FAST_PATH=off`, get the same requests; statuses, headers and
 * bodies must be the same, apart from what differs between any two requests (dates, generated
 * request ids, the ids and times of created tasks).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { send, type Answer } from '@todo/testkit/http-request';
import { startStack, type Stack } from '@todo/system-test/stack';

/**
 * Headers that differ between any two answers, or describe the connection or the framing (a length
 * or chunks) rather than the answer.
 */
const VARYING = new Set(['date', 'connection', 'keep-alive', 'x-request-id', 'content-length', 'transfer-encoding']);
/** Values that differ between two creations: ids and timestamps, and a page cursor (it encodes both). */
const GENERATED = /"(id|createdAt|updatedAt|nextCursor)":"[^"]*"/g;

function comparable(answer: Answer) {
  const headers = Object.fromEntries(
    Object.entries(answer.headers)
      .filter(([name]) => !VARYING.has(name))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  return { status: answer.status, headers, body: answer.body.replace(GENERATED, '"$1":"…"') };
}

let stack: Stack;
const cookies: Record<string, string> = {};

async function signUp(frontendUrl: string): Promise<string> {
  const answer = await send(`${frontendUrl}/api/session/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: frontendUrl },
    body: JSON.stringify({ email: `parity-${Date.now()}-${Math.random()}@example.com`, password: 'correct horse battery' }),
  });
  assert.equal(answer.status, 201, answer.body);
  const cookie = [answer.headers['set-cookie'] ?? []].flat().find((line) => line.startsWith('todo_session='));
  assert.ok(cookie, 'the signup set the session cookie');
  return cookie.split(';')[0] ?? '';
}

describe('the /api/v1 fast path answers as the route handler does', { timeout: 180_000 }, () => {
  before(async () => {
    stack = await startStack({ reference: true });
    const reference = stack.referenceFrontendUrl ?? '';
    // One user per frontend, so both see the same (their own) tasks: every case does the same to
    // both, and a case that needs a task makes its own on each (taskOnBoth).
    cookies[stack.frontendUrl] = await signUp(stack.frontendUrl);
    cookies[reference] = await signUp(reference);
  });

  after(async () => {
    await stack?.stop();
  });

  /** The same request, built for each frontend (its own cookie and origin), sent to both. */
  async function both(
    path: string | ((frontendUrl: string) => string),
    init: (frontendUrl: string) => { method?: string; headers?: Record<string, string>; body?: string },
  ) {
    const urls = [stack.frontendUrl, stack.referenceFrontendUrl ?? ''];
    const [fast, reference] = await Promise.all(urls.map((url) => send(`${url}${typeof path === 'string' ? path : path(url)}`, init(url))));
    return { fast: fast as Answer, reference: reference as Answer };
  }

  const json = (url: string, extra: Record<string, string> = {}) => ({
    'content-type': 'application/json',
    origin: url,
    cookie: cookies[url] ?? '',
    ...extra,
  });

  /** A task of the case's own on each frontend's user (made through the backend, not compared): its id per frontend URL. */
  async function taskOnBoth(title: string): Promise<Record<string, string>> {
    const ids: Record<string, string> = {};
    for (const url of [stack.frontendUrl, stack.referenceFrontendUrl ?? '']) {
      const token = (cookies[url] ?? '').replace(/^todo_session=/, '');
      const answer = await send(`${stack.backendUrl}/api/v1/tasks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ title }),
      });
      assert.equal(answer.status, 201, answer.body);
      ids[url] = (JSON.parse(answer.body) as { task: { id: string } }).task.id;
    }
    return ids;
  }

  const cases: [string, () => Promise<{ fast: Answer; reference: Answer }>][] = [
    [
      'a create',
      () =>
        both('/api/v1/tasks', (url) => ({
          method: 'POST',
          headers: json(url),
          body: JSON.stringify({ title: 'Parity', priority: 'high' }),
        })),
    ],
    ['the list', () => both('/api/v1/tasks?limit=5&status=active', (url) => ({ headers: { cookie: cookies[url] ?? '' } }))],
    [
      'one task',
      async () => {
        const ids = await taskOnBoth('Read me');
        return both(
          (url) => `/api/v1/tasks/${ids[url]}`,
          (url) => ({ headers: { cookie: cookies[url] ?? '' } }),
        );
      },
    ],
    [
      'an update',
      async () => {
        const ids = await taskOnBoth('Complete me');
        return both(
          (url) => `/api/v1/tasks/${ids[url]}`,
          (url) => ({ method: 'PATCH', headers: json(url), body: '{"completed":true}' }),
        );
      },
    ],
    ['a body the backend refuses', () => both('/api/v1/tasks', (url) => ({ method: 'POST', headers: json(url), body: '{"title":' }))],
    [
      'a missing task',
      () => both('/api/v1/tasks/00000000-0000-4000-8000-000000000000', (url) => ({ headers: { cookie: cookies[url] ?? '' } })),
    ],
    [
      'a delete',
      async () => {
        const ids = await taskOnBoth('Delete me');
        return both(
          (url) => `/api/v1/tasks/${ids[url]}`,
          (url) => ({ method: 'DELETE', headers: json(url) }),
        );
      },
    ],
    [
      'a delete with a body (the account)',
      () => both('/api/v1/auth/me', (url) => ({ method: 'DELETE', headers: json(url), body: '{"currentPassword":"wrong password"}' })),
    ],
    ['no session (401 ends the cookie)', () => both('/api/v1/tasks', () => ({}))],
    ['an unknown session', () => both('/api/v1/tasks', () => ({ headers: { cookie: 'todo_session=not-a-token' } }))],
    [
      'a cross-origin write',
      () =>
        both('/api/v1/tasks', (url) => ({ method: 'POST', headers: json(url, { origin: 'http://evil.example' }), body: '{"title":"x"}' })),
    ],
    ['a login through the proxy', () => both('/api/v1/auth/login', (url) => ({ method: 'POST', headers: json(url), body: '{}' }))],
    [
      'a caller request id',
      () => both('/api/v1/tasks?limit=1', (url) => ({ headers: { cookie: cookies[url] ?? '', 'x-request-id': 'parity-42' } })),
    ],
    [
      'an https forwarding header from the client',
      () => both('/api/v1/tasks?limit=1', (url) => ({ headers: { cookie: cookies[url] ?? '', 'x-forwarded-proto': 'https' } })),
    ],
  ];

  for (const [name, run] of cases) {
    it(`when the request is ${name}, then both answer alike`, async () => {
      const { fast, reference } = await run();
      assert.deepEqual(comparable(fast), comparable(reference));
      if (name === 'a caller request id') assert.equal(fast.headers['x-request-id'], 'parity-42');
      else assert.match(String(fast.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    });
  }

  // Last, as it stops the backend both frontends share.
  it('when the backend is down, then both answer 503 alike', async () => {
    await stack.stopBackend();
    const { fast, reference } = await both('/api/v1/tasks', (url) => ({ headers: { cookie: cookies[url] ?? '' } }));
    assert.equal(fast.status, 503);
    assert.deepEqual(comparable(fast), comparable(reference));
  });
});
