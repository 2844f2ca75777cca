import { webcrypto } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { LRUCache } from 'lru-cache';
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

/**
 * Verified tokens kept in memory, so a client's next requests skip the HMAC check: at most this
 * many (least recently used go first), each until its own `exp` and at most `verifiedTokenTtlMs`.
 * Only validly signed tokens get in; whether the session still exists is checked per request all
 * the same (auth.service.ts). About 0.5 KiB per entry.
 */
export const verifiedTokenCacheSize = 10_000;
export const verifiedTokenTtlMs = 10 * 60_000;

export function createTokenService(options: { secret: string; expirationDays: number; now?: () => Date }): TokenService {
  const now = options.now ?? (() => new Date());
  // Imported once: given the secret's bytes, jose imports a WebCrypto key on every sign and
  // verify (jose dist/webapi/lib/key.js, rawKey); given a CryptoKey, it only checks it.
  const key = webcrypto.subtle.importKey('raw', new TextEncoder().encode(options.secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]);
  const verified = new LRUCache<string, TokenClaims & { expiresAtMs: number }>({
    max: verifiedTokenCacheSize,
    ttl: verifiedTokenTtlMs,
    ttlResolution: 0,
    perf: { now: () => now().getTime() },
  });
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
        .sign(await key);
      return { token, expiresAt: new Date(expiresAt * 1000) };
    },
    async verify(token) {
      const cached = verified.get(token);
      if (cached && cached.expiresAtMs > now().getTime()) return { userId: cached.userId, sessionId: cached.sessionId };
      try {
        const { payload } = await jwtVerify(token, await key, {
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
        // Every token issued here has an `exp`; one without is verified each time, never kept.
        const expiresAtMs = typeof payload.exp === 'number' ? payload.exp * 1000 : 0;
        const ttl = Math.min(verifiedTokenTtlMs, expiresAtMs - now().getTime());
        if (ttl > 0) verified.set(token, { userId: sub, sessionId: sid, expiresAtMs }, { ttl });
        return { userId: sub, sessionId: sid };
      } catch (error) {
        if (error instanceof errors.JWTExpired) throw new UnauthorizedError('The token has expired');
        if (error instanceof UnauthorizedError) throw error;
        throw new UnauthorizedError('Invalid token');
      }
    },
  };
}
