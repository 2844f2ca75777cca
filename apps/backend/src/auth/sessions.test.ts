import type { AuthResponse, ErrorBody } from '@todo/contracts';
import { Client } from 'pg';
import request from 'supertest';
import { createTestApp, type TestApp } from '../testing/test-app';

let t: TestApp;
const api = () => request(t.app);
const password = 'correct horse battery';
let emailCount = 0;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t.db.close();
});

async function signUp(): Promise<{ email: string; token: string }> {
  emailCount += 1;
  const email = `session-${emailCount}@example.com`;
  const res = await api().post('/api/v1/auth/signup').send({ email, password });
  expect(res.status).toBe(201);
  return { email, token: (res.body as AuthResponse).token };
}

async function logIn(email: string, withPassword = password): Promise<string> {
  const res = await api().post('/api/v1/auth/login').send({ email, password: withPassword });
  expect(res.status).toBe(200);
  return (res.body as AuthResponse).token;
}

const me = (token: string) => api().get('/api/v1/auth/me').set('authorization', `Bearer ${token}`);
const sessionCount = (email: string) => t.db.prisma.session.count({ where: { user: { email } } });

describe('POST /api/v1/auth/logout', () => {
  it('when a person logs out, then a copy of that token is refused and their other sessions keep working', async () => {
    const { email, token: laptop } = await signUp();
    const phone = await logIn(email);

    const res = await api().post('/api/v1/auth/logout').set('authorization', `Bearer ${laptop}`);

    expect(res.status).toBe(204);
    const copied = await me(laptop);
    expect(copied.status).toBe(401);
    expect(copied.body).toEqual({ error: { code: 'unauthorized', message: 'The session has ended; log in again' } });
    expect((await me(phone)).status).toBe(200);
    expect(await sessionCount(email)).toBe(1);
  });

  it('when the token has already logged out, then logging out again is 401', async () => {
    const { token } = await signUp();
    await api().post('/api/v1/auth/logout').set('authorization', `Bearer ${token}`);

    const again = await api().post('/api/v1/auth/logout').set('authorization', `Bearer ${token}`);

    expect(again.status).toBe(401);
  });
});

describe('POST /api/v1/auth/password', () => {
  const change = (token: string, body: object) => api().post('/api/v1/auth/password').set('authorization', `Bearer ${token}`).send(body);

  it('when the current password is right, then every other session ends, this one stays and only the new password logs in', async () => {
    const { email, token: current } = await signUp();
    const other = await logIn(email);
    const third = await logIn(email);

    const res = await change(current, { currentPassword: password, newPassword: 'a brand new passphrase' });

    expect(res.status).toBe(204);
    expect([(await me(other)).status, (await me(third)).status, (await me(current)).status]).toEqual([401, 401, 200]);
    const old = await api().post('/api/v1/auth/login').send({ email, password });
    expect(old.status).toBe(401);
    expect((await me(await logIn(email, 'a brand new passphrase'))).status).toBe(200);
    expect(await sessionCount(email)).toBe(2);
  });

  it('when the current password is wrong, then 403 (not 401: the session is fine) and nothing changes', async () => {
    const { email, token: current } = await signUp();
    const other = await logIn(email);

    const res = await change(current, { currentPassword: 'not my password', newPassword: 'a brand new passphrase' });

    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: { code: 'forbidden', message: 'The current password is not correct' } });
    expect([(await me(current)).status, (await me(other)).status]).toEqual([200, 200]);
    expect((await me(await logIn(email))).status).toBe(200);
  });

  it('when the new password breaks the signup rules or a field is missing, then 422 names each field', async () => {
    const { token } = await signUp();

    const short = await change(token, { currentPassword: password, newPassword: 'short' });
    const missing = await change(token, { newPassword: 'a brand new passphrase' });

    expect(short.status).toBe(422);
    expect((short.body as ErrorBody).error.details).toEqual([{ path: 'newPassword', message: 'must be at least 8 characters' }]);
    expect(missing.status).toBe(422);
    expect((missing.body as ErrorBody).error.details).toEqual([
      { path: 'currentPassword', message: 'Invalid input: expected string, received undefined' },
    ]);
  });

  it('when there is no token, then 401 before anything is read', async () => {
    const res = await api().post('/api/v1/auth/password').send({ currentPassword: password, newPassword: 'a brand new passphrase' });

    expect(res.status).toBe(401);
  });
});

describe('the per-request session check', () => {
  afterEach(() => jest.restoreAllMocks());

  it('when an authenticated request is served, then the user and its session are checked in one SQL statement', async () => {
    const { token } = await signUp();
    const statements: string[] = [];
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the right `this`
    const originalQuery = Client.prototype.query as (...args: unknown[]) => unknown;
    jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
      const config = args[0];
      statements.push(typeof config === 'string' ? config : String((config as { text?: unknown }).text));
      return originalQuery.apply(this, args) as never;
    });

    const res = await me(token);

    expect(res.status).toBe(200);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/FROM "[^"]+"\."users" WHERE .*EXISTS\(SELECT .* FROM "[^"]+"\."sessions"/s);
  });
});
