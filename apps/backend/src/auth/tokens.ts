import { errors, jwtVerify, SignJWT } from 'jose';
import { UnauthorizedError } from '../errors';
import { isUuid } from '../db/uuid';

/** What a token says: whose it is and which session (a `sessions` row) it belongs to. */
export interface TokenClaims {
  userId: string;
  sessionId: string;
}

export interface IssuedToken {
  token: string;
  /** The token's `exp`; the session row expires with it. */
  expiresAt: Date;
}

export interface TokenService {
  issue(claims: TokenClaims): Promise<IssuedToken>;
  /**
   * Returns the claims of a validly signed, unexpired token; throws `UnauthorizedError` otherwise.
   * Whether its session still exists is the database's to say (`UsersRepository.findBySession`).
   */
  verify(token: string): Promise<TokenClaims>;
}

const algorithm = 'HS256';
const issuer = 'todo-backend';

export function createTokenService(options: { secret: string; expirationDays: number; now?: () => Date }): TokenService {
  const key = new TextEncoder().encode(options.secret);
  const now = options.now ?? (() => new Date());
  return {
    async issue({ userId, sessionId }) {
      const issuedAt = Math.floor(now().getTime() / 1000);
      const expiresAt = issuedAt + options.expirationDays * 24 * 60 * 60;
      const token = await new SignJWT({ sid: sessionId })
        .setProtectedHeader({ alg: algorithm, typ: 'JWT' })
        .setSubject(userId)
        .setIssuer(issuer)
        .setIssuedAt(issuedAt)
        .setExpirationTime(expiresAt)
        .sign(key);
      return { token, expiresAt: new Date(expiresAt * 1000) };
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: [algorithm],
          issuer,
          currentDate: now(),
        });
        // Only ids this service issued: anything else must not reach the database as a bad uuid cast.
        // A token without a session (issued before sessions existed) is refused: log in again.
        const { sub, sid } = payload;
        if (typeof sub !== 'string' || !isUuid(sub) || typeof sid !== 'string' || !isUuid(sid)) {
          throw new UnauthorizedError('Invalid token');
        }
        return { userId: sub, sessionId: sid };
      } catch (error) {
        if (error instanceof errors.JWTExpired) throw new UnauthorizedError('The token has expired');
        if (error instanceof UnauthorizedError) throw error;
        throw new UnauthorizedError('Invalid token');
      }
    },
  };
}
