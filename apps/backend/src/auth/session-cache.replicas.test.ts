import { createLimiter } from '../http/rate-limit';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { createAuthService, type AuthService } from './auth.service';
import { createSessionCache, sessionCacheTtlMs } from './session-cache';
import { createSessionsRepository } from './sessions.repository';
import { createTokenService } from './tokens';
import { createUsersRepository } from './users.repository';

/**
 * Two replicas of the auth service on one database, each with its own session cache and clock:
 * the staleness docs/security.md states ("another replica may accept a session's token for up to
 * `sessionCacheTtlMs` after it ended") and no more.
 */

let db: TestDatabase;
// Not 0: lru-cache reads a start time of 0 as "no TTL".
const clocks = { a: 1_000, b: 1_000 };
let replicaA: AuthService;
let replicaB: AuthService;
const password = 'correct horse battery';

function replica(clock: 'a' | 'b'): AuthService {
  return createAuthService({
    users: createUsersRepository(db.prisma),
    sessions: createSessionsRepository(db.prisma),
    tokens: createTokenService({ secret: 'test-secret-that-is-at-least-32-characters-long', expirationDays: 7 }),
    accountAttempts: createLimiter(db.prisma, { name: `login-${clock}`, points: 100, windowSeconds: 60, message: () => 'slow down' }),
    sessionCache: createSessionCache({ now: () => clocks[clock] }),
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  replicaA = replica('a');
  replicaB = replica('b');
});

afterAll(async () => {
  await db.close();
});

const sessionOf = async (service: AuthService, token: string) => {
  const { user, sessionId } = await service.authenticate(token);
  return { userId: user.id, sessionId };
};

describe('sessions across replicas', () => {
  it('when a session ends on one replica, then it is refused there at once and on the other once its cached check expires', async () => {
    const { token } = await replicaA.signup({ email: 'replicas@example.com', password });
    await replicaB.authenticate(token);

    await replicaA.logout(await sessionOf(replicaA, token));

    await expect(replicaA.authenticate(token)).rejects.toThrow('The session has ended; log in again');
    clocks.b += sessionCacheTtlMs;
    await expect(replicaB.authenticate(token)).resolves.toMatchObject({ user: { email: 'replicas@example.com' } });
    clocks.b += 1;
    await expect(replicaB.authenticate(token)).rejects.toThrow('The session has ended; log in again');
  });

  it('when the password changes on one replica, then its other sessions end there at once and on the other within the TTL', async () => {
    const { token: laptop } = await replicaA.signup({ email: 'changer@example.com', password });
    const { token: phone } = await replicaA.login({ email: 'changer@example.com', password });
    await replicaA.authenticate(phone);
    await replicaB.authenticate(phone);

    await replicaA.changePassword(await sessionOf(replicaA, laptop), { currentPassword: password, newPassword: 'a brand new password' });

    await expect(replicaA.authenticate(phone)).rejects.toThrow('The session has ended; log in again');
    await expect(replicaA.authenticate(laptop)).resolves.toMatchObject({ user: { email: 'changer@example.com' } });
    clocks.b += sessionCacheTtlMs + 1;
    await expect(replicaB.authenticate(phone)).rejects.toThrow('The session has ended; log in again');
  });

  it('when an account is deleted on one replica, then its token is refused there at once', async () => {
    const { token } = await replicaA.signup({ email: 'leaver@example.com', password });
    await replicaA.authenticate(token);

    await replicaA.deleteAccount(await sessionOf(replicaA, token), { currentPassword: password });

    await expect(replicaA.authenticate(token)).rejects.toThrow('The session has ended; log in again');
  });
});
