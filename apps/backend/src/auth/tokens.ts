import { errors, jwtVerify, SignJWT } from 'jose';
import { UnauthorizedError } from '../errors';
import { isUuid } from '../db/uuid';

export interface TokenService {
  issue(userId: string): Promise<string>;
  /** Returns the user id of a valid token; throws `UnauthorizedError` otherwise. */
  verify(token: string): Promise<string>;
}

const algorithm = 'HS256';
const issuer = 'todo-backend';

export function createTokenService(options: { secret: string; expirationDays: number; now?: () => Date }): TokenService {
  const key = new TextEncoder().encode(options.secret);
  const now = options.now ?? (() => new Date());
  return {
    async issue(userId) {
      const issuedAt = Math.floor(now().getTime() / 1000);
      return new SignJWT({})
        .setProtectedHeader({ alg: algorithm, typ: 'JWT' })
        .setSubject(userId)
        .setIssuer(issuer)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + options.expirationDays * 24 * 60 * 60)
        .sign(key);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: [algorithm],
          issuer,
          currentDate: now(),
        });
        // Only ids this service issued: anything else must not reach the database as a bad uuid cast.
        if (typeof payload.sub !== 'string' || !isUuid(payload.sub)) throw new UnauthorizedError('Invalid token');
        return payload.sub;
      } catch (error) {
        if (error instanceof errors.JWTExpired) throw new UnauthorizedError('The token has expired');
        if (error instanceof UnauthorizedError) throw error;
        throw new UnauthorizedError('Invalid token');
      }
    },
  };
}
