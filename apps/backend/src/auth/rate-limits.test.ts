import type { AuthResponse, ErrorBody } from '@todo/contracts';
import request, { type Response } from 'supertest';
import type { App } from '../app';
import { formatWait } from '../http/rate-limit';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { createTestApp } from '../testing/test-app';

let db: TestDatabase;
const password = 'correct horse battery';
let emailCount = 0;
const newEmail = (label: string) => `${label}-${(emailCount += 1)}@example.com`;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db.close();
});

/** An app on this file's database; apps built with the same env are replicas sharing the counters. */
async function appWith(env: NodeJS.ProcessEnv): Promise<App> {
  return (await createTestApp({ db, env })).app;
}

const login = (app: App, email: string, body: { password?: string; from?: string } = {}) => {
  const req = request(app).post('/api/v1/auth/login');
  if (body.from) req.set('x-forwarded-for', body.from);
  return req.send({ email, password: body.password ?? password });
};

async function signUp(app: App, email: string, from?: string): Promise<Response> {
  const req = request(app).post('/api/v1/auth/signup');
  if (from) req.set('x-forwarded-for', from);
  return req.send({ email, password });
}

/** The 429 contract: the error shape, and a Retry-After that the message repeats in words. */
function expectRateLimited(res: Response, message: (wait: string) => string, maxSeconds: number): number {
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(maxSeconds);
  expect(res.body as ErrorBody).toEqual({ error: { code: 'rate_limited', message: message(formatWait(retryAfter)) } });
  return retryAfter;
}

const perClient = (wait: string) => `Too many sign-up and log-in attempts from your address. Try again in ${wait}.`;
const perAccount = (wait: string) => `Too many log-in attempts for this account. Try again in ${wait}.`;

describe('signup and login attempts per client address', () => {
  it('when one address exceeds the attempts per minute, then it gets 429 with Retry-After while another address still signs up and logs in', async () => {
    const app = await appWith({ AUTH_RATE_LIMIT_PER_MINUTE: '3' });
    const attacker = '203.0.113.7';

    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await login(app, newEmail('nobody'), { from: attacker })).status);
    const limited = await signUp(app, newEmail('attacker'), attacker);

    expect(statuses).toEqual([401, 401, 401]);
    expectRateLimited(limited, perClient, 60);
    const email = newEmail('neighbour');
    expect((await signUp(app, email, '203.0.113.8')).status).toBe(201);
    expect((await login(app, email, { from: '203.0.113.8' })).status).toBe(200);
  });

  it('when the caller is not a trusted proxy, then a forged X-Forwarded-For is ignored: rotating it does not escape, and the named address is not charged', async () => {
    // Only 10.9.9.9 may forward addresses; the test client (loopback) is an ordinary caller.
    const app = await appWith({ AUTH_RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: '10.9.9.9' });
    const victim = '198.51.100.23';

    const statuses = [];
    for (const forged of [victim, '198.51.100.24', '198.51.100.25']) {
      statuses.push((await login(app, newEmail('nobody'), { from: forged })).status);
    }
    const fourth = await login(app, newEmail('nobody'), { from: '198.51.100.26' });

    expect(statuses).toEqual([401, 401, 401]);
    expectRateLimited(fourth, perClient, 60);
    const keys = (await db.prisma.rateLimit.findMany({ where: { key: { startsWith: 'auth-client:198.51.100.' } } })).map((row) => row.key);
    expect(keys).toEqual([]);
  });
});

describe('login attempts per account', () => {
  it('when an attacker hammers one account, then it answers 429 even to the right password, the same as for an unknown email, while other people log in and sign up', async () => {
    const app = await appWith({ LOGIN_ATTEMPTS_PER_ACCOUNT: '3' });
    const victim = newEmail('victim');
    const other = newEmail('other');
    expect((await signUp(app, victim)).status).toBe(201);
    expect((await signUp(app, other)).status).toBe(201);
    const unknown = newEmail('unknown');

    const guesses = [];
    for (let i = 0; i < 3; i++) guesses.push((await login(app, victim, { password: `guess ${i}` })).status);
    for (let i = 0; i < 3; i++) await login(app, unknown, { password: `guess ${i}` });
    const lockedRight = await login(app, victim);
    const lockedUnknown = await login(app, unknown);

    expect(guesses).toEqual([401, 401, 401]);
    const retryAfter = expectRateLimited(lockedRight, perAccount, 15 * 60);
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect({ status: lockedUnknown.status, body: lockedUnknown.body as unknown }).toEqual({
      status: 429,
      body: lockedRight.body as unknown,
    });
    expect((await login(app, other)).status).toBe(200);
    expect((await signUp(app, newEmail('newcomer'))).status).toBe(201);
  });

  it('when a login succeeds, then the account starts counting again from zero', async () => {
    const app = await appWith({ LOGIN_ATTEMPTS_PER_ACCOUNT: '3' });
    const email = newEmail('forgetful');
    await signUp(app, email);

    const statuses = [];
    for (const attempt of ['wrong one', 'wrong two', password, 'wrong three', 'wrong four', password]) {
      statuses.push((await login(app, email, { password: attempt })).status);
    }

    expect(statuses).toEqual([401, 401, 200, 401, 401, 200]);
  });

  it('when the lockout window has passed, then the account logs in again', async () => {
    const app = await appWith({ LOGIN_ATTEMPTS_PER_ACCOUNT: '1' });
    const email = newEmail('patient');
    await signUp(app, email);
    await login(app, email, { password: 'wrong' });
    expect((await login(app, email)).status).toBe(429);

    // The window's end is the row's `expire`: move it to the past instead of waiting 15 minutes.
    await db.prisma.rateLimit.update({ where: { key: `login-account:${email}` }, data: { expire: new Date(Date.now() - 1000) } });

    expect((await login(app, email)).status).toBe(200);
  });

  it('when attempts go to two replicas in turn (or to a restarted one), then they share one count, kept in PostgreSQL', async () => {
    const env = { LOGIN_ATTEMPTS_PER_ACCOUNT: '4' };
    const [first, second] = [await appWith(env), await appWith(env)];
    const email = newEmail('replicated');
    await signUp(first, email);

    const statuses = [];
    for (const app of [first, second, first, second]) statuses.push((await login(app, email, { password: 'wrong' })).status);
    const restarted = await appWith(env);

    expect(statuses).toEqual([401, 401, 401, 401]);
    expect((await login(second, email)).status).toBe(429);
    expect((await login(restarted, email)).status).toBe(429);
    expect(await db.prisma.rateLimit.findUnique({ where: { key: `login-account:${email}` }, select: { points: true } })).toEqual({
      points: 6,
    });
  });

  it('when a stolen session guesses the current password, then the guesses count against the same account budget', async () => {
    const app = await appWith({ LOGIN_ATTEMPTS_PER_ACCOUNT: '2' });
    const email = newEmail('stolen');
    const { token } = (await signUp(app, email)).body as AuthResponse;
    const guess = (currentPassword: string) =>
      request(app)
        .post('/api/v1/auth/password')
        .set('authorization', `Bearer ${token}`)
        .send({ currentPassword, newPassword: 'taken over!!' });

    const statuses = [(await guess('guess 1')).status, (await guess('guess 2')).status];
    const third = await guess(password);

    expect(statuses).toEqual([403, 403]);
    expectRateLimited(third, perAccount, 15 * 60);
    expect((await login(app, email)).status).toBe(429);
  });
});
