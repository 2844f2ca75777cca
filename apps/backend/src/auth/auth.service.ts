import { randomUUID } from 'node:crypto';
import type { AuthResponse, ChangePasswordRequest, DeleteAccountRequest, User } from '@todo/contracts';
import { ConflictError, ForbiddenError, UnauthorizedError } from '../errors';
import type { Limiter } from '../http/rate-limit';
import { decoyPasswordHash, hashPassword, verifyPassword } from './password';
import { createSessionCache, type SessionCache } from './session-cache';
import type { SessionsRepository } from './sessions.repository';
import type { TokenService } from './tokens';
import type { PublicUserRecord, UsersRepository } from './users.repository';

/** The session a request is authenticated by. */
export interface SessionRef {
  userId: string;
  sessionId: string;
}

export interface Authenticated {
  user: User;
  sessionId: string;
}

export interface AuthService {
  signup(input: { email: string; password: string }): Promise<AuthResponse>;
  login(input: { email: string; password: string }): Promise<AuthResponse>;
  /** Resolves the bearer token to its user and session; throws `UnauthorizedError` if either is gone. */
  authenticate(token: string): Promise<Authenticated>;
  /** Ends the session: its token is refused from now on. */
  logout(session: SessionRef): Promise<void>;
  /** Checks the current password, stores the new one and ends every other session of the user. */
  changePassword(session: SessionRef, input: ChangePasswordRequest): Promise<void>;
  /**
   * Checks the current password, then deletes the user and everything the user owns; every token
   * of the user is refused from then on.
   */
  deleteAccount(session: SessionRef, input: DeleteAccountRequest): Promise<void>;
}

export function toUser(record: PublicUserRecord): User {
  return { id: record.id, email: record.email, createdAt: record.createdAt.toISOString() };
}

export interface AuthServiceDeps {
  users: UsersRepository;
  sessions: SessionsRepository;
  tokens: TokenService;
  /** Login attempts per account (email): counted before the password is checked, cleared by a success. */
  accountAttempts: Limiter;
  /** This replica's short memory of live sessions (session-cache.ts); a fresh one by default. */
  sessionCache?: SessionCache;
}

export function createAuthService(deps: AuthServiceDeps): AuthService {
  const { users, sessions, tokens, accountAttempts } = deps;
  const sessionCache = deps.sessionCache ?? createSessionCache();

  /**
   * The signed-in person proves it is them before an account change. A stolen session must not
   * become a password oracle: guesses share the account's log-in budget. A wrong password is 403,
   * not 401: the session is fine, and a 401 would make the frontend drop its cookie.
   */
  async function confirmPassword(userId: string, password: string) {
    const user = await users.findById(userId);
    if (!user) throw new UnauthorizedError('The session has ended; log in again');
    await accountAttempts.consume(user.email);
    if (!(await verifyPassword(password, user.passwordHash))) {
      throw new ForbiddenError('The current password is not correct');
    }
    return user;
  }

  async function startSession(user: PublicUserRecord): Promise<AuthResponse> {
    const sessionId = randomUUID();
    const { token, expiresAt } = await tokens.issue({ userId: user.id, sessionId });
    await sessions.create({ id: sessionId, userId: user.id, expiresAt });
    return { user: toUser(user), token };
  }

  return {
    async signup({ email, password }) {
      const user = await users.create(email, await hashPassword(password));
      if (!user) throw new ConflictError('An account with this email already exists');
      return startSession(user);
    },

    async login({ email, password }) {
      // Counted first, so concurrent guesses cannot all slip in under the limit; a locked account
      // answers 429 before any lookup, whether it exists or not, right password or not.
      await accountAttempts.consume(email);
      const user = await users.findByEmail(email);
      const valid = await verifyPassword(password, user?.passwordHash ?? (await decoyPasswordHash()));
      // One message for both cases: the response must not reveal whether the email exists.
      if (!user || !valid) throw new UnauthorizedError('Invalid email or password');
      await accountAttempts.reset(email);
      return startSession(user);
    },

    async authenticate(token) {
      const { userId, sessionId } = await tokens.verify(token);
      const user = await sessionCache.user(userId, sessionId, () => users.findBySession(userId, sessionId));
      if (!user) throw new UnauthorizedError('The session has ended; log in again');
      return { user: toUser(user), sessionId };
    },

    async logout({ userId, sessionId }) {
      await sessions.delete(userId, sessionId);
      sessionCache.forgetSession(userId, sessionId);
    },

    async changePassword({ userId, sessionId }, { currentPassword, newPassword }) {
      const user = await confirmPassword(userId, currentPassword);
      await users.changePassword(userId, await hashPassword(newPassword), sessionId);
      sessionCache.forgetUser(userId);
      await accountAttempts.reset(user.email);
    },

    async deleteAccount({ userId }, { currentPassword }) {
      await confirmPassword(userId, currentPassword);
      await users.delete(userId);
      sessionCache.forgetUser(userId);
    },
  };
}
