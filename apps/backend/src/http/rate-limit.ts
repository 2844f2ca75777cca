import { RateLimiterPrisma, RateLimiterRes } from 'rate-limiter-flexible';
import type { PrismaClient } from '../db/database';
import { RateLimitedError } from '../errors';
import type { Logger } from '../observability/logger';

/** One limit: at most `points` attempts per key in a fixed window of `windowSeconds`. */
export interface LimitRule {
  /** Prefix of the stored key (`<name>:<key>` in `rate_limits`), so limits never share counters. */
  name: string;
  points: number;
  windowSeconds: number;
  /** The 429 message; `wait` reads like "42 seconds" or "15 minutes". */
  message: (wait: string) => string;
}

export interface Limiter {
  /** Counts one attempt for `key`; throws `RateLimitedError` (with its retry-after) past the limit. */
  consume(key: string): Promise<void>;
  /** Forgets the key's attempts (a successful login clears its account's count). */
  reset(key: string): Promise<void>;
}

/** "1 second", "42 seconds", "1 minute", "15 minutes": how long until the window ends, rounded up. */
export function formatWait(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/**
 * A limit whose counters live in PostgreSQL (`rate_limits`, rate-limiter-flexible's Prisma store):
 * every backend replica shares them and a restart keeps them. Each consume is a delete of the
 * key's expired window plus one `INSERT ... ON CONFLICT DO UPDATE points = points + 1` (Prisma's
 * native upsert), so concurrent attempts are all counted (read in node_modules/rate-limiter-flexible
 * lib/RateLimiterPrisma.js `_upsert`). A store failure is thrown as is: the error middleware turns
 * an unreachable database into 503, so a limit never silently stops applying.
 */
export function createLimiter(prisma: PrismaClient, rule: LimitRule): Limiter {
  const limiter = new RateLimiterPrisma({
    storeClient: prisma,
    tableName: 'rateLimit',
    keyPrefix: rule.name,
    points: rule.points,
    duration: rule.windowSeconds,
    // The library's own purge is a timer per limiter that nothing can stop and that reports with
    // console.warn (lib/RateLimiterPrisma.js `_clearExpiredHourAgo`); the process runs one instead.
    clearExpiredByTimeout: false,
  });
  return {
    async consume(key) {
      try {
        await limiter.consume(key);
      } catch (rejection) {
        // The library rejects with a RateLimiterRes when the limit is reached, with an Error otherwise.
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        throw new RateLimitedError(rule.message(formatWait(retryAfterSeconds)), retryAfterSeconds);
      }
    },
    async reset(key) {
      await limiter.delete(key);
    },
  };
}

/** Counters whose window ended this long ago are deleted, this often (the library's own figures). */
export const rateLimitPurge = { keepMs: 60 * 60_000, everyMs: 5 * 60_000 };

/**
 * Deletes the `rate_limits` rows whose window ended more than `keepMs` ago, every `everyMs`: one
 * timer per process (`main.ts` starts it and stops it at shutdown), failures logged as JSON
 * through the logger. The timer never keeps the process alive.
 */
export function startRateLimitPurge(prisma: PrismaClient, logger: Logger, options = rateLimitPurge): { stop(): void } {
  const timer = setInterval(() => {
    prisma.rateLimit.deleteMany({ where: { expire: { lt: new Date(Date.now() - options.keepMs) } } }).then(
      ({ count }) => logger.debug({ count }, 'expired rate-limit counters deleted'),
      (error: unknown) => logger.warn({ err: error }, 'could not delete expired rate-limit counters'),
    );
  }, options.everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
