import type { AuthResponse, User } from '@todo/contracts';
import { ConflictError, UnauthorizedError } from '../errors';
import { decoyPasswordHash, hashPassword, verifyPassword } from './password';
import type { TokenService } from './tokens';
import type { UserRecord, UsersRepository } from './users.repository';

export interface AuthService {
  signup(input: { email: string; password: string }): Promise<AuthResponse>;
  login(input: { email: string; password: string }): Promise<AuthResponse>;
  /** Resolves the bearer token to its user; throws `UnauthorizedError` if either is gone. */
  authenticate(token: string): Promise<User>;
}

export function toUser(record: UserRecord): User {
  return { id: record.id, email: record.email, createdAt: record.createdAt.toISOString() };
}

export function createAuthService(users: UsersRepository, tokens: TokenService): AuthService {
  return {
    async signup({ email, password }) {
      const user = await users.create(email, await hashPassword(password));
      if (!user) throw new ConflictError('An account with this email already exists');
      return { user: toUser(user), token: await tokens.issue(user.id) };
    },

    async login({ email, password }) {
      const user = await users.findByEmail(email);
      const valid = await verifyPassword(password, user?.passwordHash ?? (await decoyPasswordHash()));
      // One message for both cases: the response must not reveal whether the email exists.
      if (!user || !valid) throw new UnauthorizedError('Invalid email or password');
      return { user: toUser(user), token: await tokens.issue(user.id) };
    },

    async authenticate(token) {
      const user = await users.findById(await tokens.verify(token));
      if (!user) throw new UnauthorizedError('The account no longer exists');
      return toUser(user);
    },
  };
}
