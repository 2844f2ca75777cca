import { SignJWT } from 'jose';
import request from 'supertest';
import { createTestApp, testJwtSecret, type TestApp } from '../testing/test-app';

let t: TestApp;
const api = () => request(t.app);
const password = 'correct horse battery';

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t.db.close();
});

describe('POST /api/v1/auth/signup', () => {
  it('when the email is new, then 201 returns the user (email lower-cased) and a token that works', async () => {
    const res = await api().post('/api/v1/auth/signup').send({ email: 'Ada@Example.com', password });

    expect(res.status).toBe(201);
    expect(res.body.user).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      email: 'ada@example.com',
      createdAt: expect.any(String),
    });
    const me = await api().get('/api/v1/auth/me').set('authorization', `Bearer ${res.body.token}`);
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ user: res.body.user });
  });

  it('when the email is already registered (in any case), then 409 conflict', async () => {
    await api().post('/api/v1/auth/signup').send({ email: 'dup@example.com', password });

    const res = await api().post('/api/v1/auth/signup').send({ email: 'DUP@example.com', password });

    expect(res.status).toBe(409);
    expect(res.body).toEqual({ error: { code: 'conflict', message: 'An account with this email already exists' } });
  });

  it('when fields are missing, extra or of the wrong type, then 422 lists each issue', async () => {
    const missing = await api().post('/api/v1/auth/signup').send({ email: 'x@example.com' });
    const extra = await api().post('/api/v1/auth/signup').send({ email: 'x@example.com', password, admin: true });
    const wrongType = await api().post('/api/v1/auth/signup').send({ email: 42, password });
    const short = await api().post('/api/v1/auth/signup').send({ email: 'x@example.com', password: 'short' });

    expect([missing.status, extra.status, wrongType.status, short.status]).toEqual([422, 422, 422, 422]);
    expect(missing.body.error.details).toEqual([{ path: 'password', message: expect.any(String) }]);
    expect(extra.body.error.details).toEqual([{ path: '', message: expect.stringContaining('admin') }]);
    expect(wrongType.body.error.details).toEqual([{ path: 'email', message: expect.any(String) }]);
    expect(short.body.error.details).toEqual([{ path: 'password', message: 'must be at least 8 characters' }]);
  });

  it('when the body is malformed JSON, then 400 invalid_json', async () => {
    const res = await api().post('/api/v1/auth/signup').set('content-type', 'application/json').send('{"email":');

    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_json');
  });

  it('when the body is not JSON at all, then 422 (there is no JSON object to validate)', async () => {
    const res = await api().post('/api/v1/auth/signup').set('content-type', 'text/plain').send('email=x');

    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('validation_failed');
  });
});

describe('POST /api/v1/auth/login', () => {
  beforeAll(async () => {
    await api().post('/api/v1/auth/signup').send({ email: 'grace@example.com', password });
  });

  it('when the credentials are right, then 200 with a token for that user', async () => {
    const res = await api().post('/api/v1/auth/login').send({ email: 'GRACE@example.com', password });

    expect(res.status).toBe(200);
    expect(res.body.user.email).toBe('grace@example.com');
    expect(res.body.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('when the password is wrong or the email unknown, then the same 401 (no account enumeration)', async () => {
    const wrong = await api().post('/api/v1/auth/login').send({ email: 'grace@example.com', password: 'wrong password' });
    const unknown = await api().post('/api/v1/auth/login').send({ email: 'nobody@example.com', password });

    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual({ error: { code: 'unauthorized', message: 'Invalid email or password' } });
    expect(unknown.body).toEqual(wrong.body);
  });
});

describe('GET /api/v1/auth/me', () => {
  let userId: string;

  beforeAll(async () => {
    const res = await api().post('/api/v1/auth/signup').send({ email: 'me@example.com', password });
    userId = res.body.user.id;
  });

  const sign = (secret: string, expiresAt: number, subject = userId) =>
    new SignJWT({ sid: '00000000-0000-4000-8000-000000000001' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(subject)
      .setIssuer('todo-backend')
      .setIssuedAt(expiresAt - 3600)
      .setExpirationTime(expiresAt)
      .sign(new TextEncoder().encode(secret));
  const now = () => Math.floor(Date.now() / 1000);

  it.each([
    ['no header', undefined, 'Authentication required'],
    ['a non-bearer scheme', 'Basic dXNlcjpwYXNz', 'Malformed authorization header'],
    ['a malformed token', 'Bearer not-a-jwt', 'Invalid token'],
  ])('when the request has %s, then 401', async (_case, header, message) => {
    const req = api().get('/api/v1/auth/me');
    const res = await (header ? req.set('authorization', header) : req);

    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: 'unauthorized', message } });
  });

  it('when the token is signed with another secret (forged), then 401 invalid token', async () => {
    const forged = await sign('another-secret-that-is-32-characters-long!!', now() + 3600);

    const res = await api().get('/api/v1/auth/me').set('authorization', `Bearer ${forged}`);

    expect(res.status).toBe(401);
    expect(res.body.error.message).toBe('Invalid token');
  });

  it('when the token is unsigned (alg none), then 401', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: userId, iss: 'todo-backend', exp: now() + 3600 })).toString('base64url');

    const res = await api().get('/api/v1/auth/me').set('authorization', `Bearer ${header}.${payload}.`);

    expect(res.status).toBe(401);
  });

  it('when the token has expired, then 401 saying so', async () => {
    const expired = await sign(testJwtSecret, now() - 60);

    const res = await api().get('/api/v1/auth/me').set('authorization', `Bearer ${expired}`);

    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: 'unauthorized', message: 'The token has expired' } });
  });

  it('when the token is valid but its user no longer exists, then 401', async () => {
    const orphan = await sign(testJwtSecret, now() + 3600, '00000000-0000-4000-8000-000000000000');

    const res = await api().get('/api/v1/auth/me').set('authorization', `Bearer ${orphan}`);

    expect(res.status).toBe(401);
    expect(res.body.error.message).toBe('The session has ended; log in again');
  });
});
