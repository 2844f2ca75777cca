import { LRUCache } from 'lru-cache';
import type { PublicUserRecord } from './users.repository';

/**
 * The per-request session check (`UsersRepository.findBySession`: the user, if the token's session
 * still exists) remembered for a moment per replica, so a client's burst of requests costs one
 * query, not one each.
 *
 * Bounds: at most `sessionCacheSize` sessions (least recently used go first), each answer kept
 * `sessionCacheTtlMs` after it was read from the database. Only live sessions are kept; a missing
 * one is asked again every time.
 *
 * Staleness, stated in docs/security.md (Sessions): on the replica that ends a session (logout, password change,
 * account deletion) the entry is dropped at once; another replica may accept that session's token
 * for up to `sessionCacheTtlMs` after the session ended.
 */
export const sessionCacheSize = 10_000;
export const sessionCacheTtlMs = 2_000;

export interface SessionCache {
  /** The user of a live session: from this replica's memory if read less than the TTL ago, else `lookup`. */
  user(userId: string, sessionId: string, lookup: () => Promise<PublicUserRecord | null>): Promise<PublicUserRecord | null>;
  /** Drops one session (logout). */
  forgetSession(userId: string, sessionId: string): void;
  /** Drops every session of a user (password change, account deletion). */
  forgetUser(userId: string): void;
}

export function createSessionCache(options: { now?: () => number; ttlMs?: number; size?: number } = {}): SessionCache {
  const entries = new LRUCache<string, { userId: string; user: PublicUserRecord }>({
    max: options.size ?? sessionCacheSize,
    ttl: options.ttlMs ?? sessionCacheTtlMs,
    // Read the clock on every check (lru-cache otherwise reuses one reading for 1 ms).
    ttlResolution: 0,
    ...(options.now ? { perf: { now: options.now } } : {}),
  });
  // Bumped by every forget: a lookup that started before one may have read a row that is gone
  // now, so its answer is used for its own request but not kept.
  let generation = 0;
  // One lookup per session at a time: when an entry expires under load, the requests that arrive
  // meanwhile wait for that one query instead of each sending their own.
  const pending = new Map<string, Promise<PublicUserRecord | null>>();
  const keyOf = (userId: string, sessionId: string) => `${userId}/${sessionId}`;
  return {
    user(userId, sessionId, lookup) {
      const key = keyOf(userId, sessionId);
      const cached = entries.get(key);
      if (cached) return Promise.resolve(cached.user);
      const inFlight = pending.get(key);
      if (inFlight) return inFlight;
      const startedAt = generation;
      const looked = lookup()
        .then((user) => {
          if (user && startedAt === generation) entries.set(key, { userId, user });
          return user;
        })
        .finally(() => {
          if (pending.get(key) === looked) pending.delete(key);
        });
      pending.set(key, looked);
      return looked;
    },
    forgetSession(userId, sessionId) {
      generation += 1;
      entries.delete(keyOf(userId, sessionId));
      pending.delete(keyOf(userId, sessionId));
    },
    forgetUser(userId) {
      generation += 1;
      for (const key of pending.keys()) if (key.startsWith(`${userId}/`)) pending.delete(key);
      const keys = [...entries.entries()].filter(([, entry]) => entry.userId === userId).map(([key]) => key);
      for (const key of keys) entries.delete(key);
    },
  };
}
