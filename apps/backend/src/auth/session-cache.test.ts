import { createSessionCache, sessionCacheTtlMs } from './session-cache';
import type { PublicUserRecord } from './users.repository';

const ada: PublicUserRecord = { id: 'u1', email: 'ada@example.com', createdAt: new Date('2026-11-01T00:00:00Z') };
const grace: PublicUserRecord = { id: 'u2', email: 'grace@example.com', createdAt: new Date('2026-11-01T00:00:00Z') };

function setup(size?: number) {
  let clock = 1_000;
  const cache = createSessionCache({ now: () => clock, size });
  const calls: string[] = [];
  const lookup =
    (user: PublicUserRecord | null, label = 'db') =>
    () => {
      calls.push(label);
      return Promise.resolve(user);
    };
  return { cache, calls, lookup, advance: (ms: number) => (clock += ms) };
}

describe('session cache', () => {
  it('when a session is checked again within the TTL, then the database is not asked again', async () => {
    const { cache, calls, lookup, advance } = setup();

    await cache.user('u1', 's1', lookup(ada));
    advance(sessionCacheTtlMs);
    const again = await cache.user('u1', 's1', lookup(ada));

    expect(again).toBe(ada);
    expect(calls).toEqual(['db']);
  });

  it('when the TTL has passed, then the database is asked again (a session ended elsewhere is seen)', async () => {
    const { cache, calls, lookup, advance } = setup();

    await cache.user('u1', 's1', lookup(ada));
    advance(sessionCacheTtlMs + 1);
    const after = await cache.user('u1', 's1', lookup(null));

    expect(after).toBeNull();
    expect(calls).toEqual(['db', 'db']);
  });

  it('when a session is missing, then that answer is not kept', async () => {
    const { cache, calls, lookup } = setup();

    await cache.user('u1', 's1', lookup(null));
    await cache.user('u1', 's1', lookup(ada));

    expect(calls).toEqual(['db', 'db']);
  });

  it('when a session is forgotten, then only it is asked again', async () => {
    const { cache, calls, lookup } = setup();
    await cache.user('u1', 's1', lookup(ada, 's1'));
    await cache.user('u1', 's2', lookup(ada, 's2'));

    cache.forgetSession('u1', 's1');
    await cache.user('u1', 's1', lookup(null, 's1'));
    await cache.user('u1', 's2', lookup(ada, 's2'));

    expect(calls).toEqual(['s1', 's2', 's1']);
  });

  it("when a user is forgotten, then all of their sessions are asked again and no one else's", async () => {
    const { cache, calls, lookup } = setup();
    await cache.user('u1', 's1', lookup(ada, 'ada-1'));
    await cache.user('u1', 's2', lookup(ada, 'ada-2'));
    await cache.user('u2', 's3', lookup(grace, 'grace'));

    cache.forgetUser('u1');
    await cache.user('u1', 's1', lookup(null, 'ada-1'));
    await cache.user('u1', 's2', lookup(null, 'ada-2'));
    await cache.user('u2', 's3', lookup(grace, 'grace'));

    expect(calls).toEqual(['ada-1', 'ada-2', 'grace', 'ada-1', 'ada-2']);
  });

  it('when a session ends while its lookup is in flight, then the stale answer is not kept', async () => {
    const { cache, calls, lookup } = setup();
    let release: (user: PublicUserRecord) => void = () => undefined;
    const inFlight = cache.user('u1', 's1', () => new Promise((resolve) => (release = resolve)));

    cache.forgetSession('u1', 's1');
    release(ada);
    await inFlight;
    await cache.user('u1', 's1', lookup(null));

    expect(calls).toEqual(['db']);
  });

  it('when many requests of one session arrive while its lookup is in flight, then they share that one query', async () => {
    const { cache, calls } = setup();
    let release: (user: PublicUserRecord) => void = () => undefined;
    const lookup = () => {
      calls.push('db');
      return new Promise<PublicUserRecord>((resolve) => (release = resolve));
    };

    const answers = Promise.all([cache.user('u1', 's1', lookup), cache.user('u1', 's1', lookup), cache.user('u1', 's1', lookup)]);
    release(ada);

    expect(await answers).toEqual([ada, ada, ada]);
    expect(calls).toEqual(['db']);
  });

  it('when a session ends while requests wait on its lookup, then the next request asks again', async () => {
    const { cache, calls, lookup } = setup();
    let release: (user: PublicUserRecord) => void = () => undefined;
    const waiting = cache.user('u1', 's1', () => new Promise((resolve) => (release = resolve)));

    cache.forgetSession('u1', 's1');
    const after = await cache.user('u1', 's1', lookup(null));
    release(ada);
    await waiting;

    expect(after).toBeNull();
    expect(calls).toEqual(['db']);
  });

  it('when more sessions than the bound are checked, then the least recently used is dropped', async () => {
    const { cache, calls, lookup } = setup(2);
    await cache.user('u1', 's1', lookup(ada, 's1'));
    await cache.user('u1', 's2', lookup(ada, 's2'));
    await cache.user('u1', 's1', lookup(ada, 's1'));
    await cache.user('u2', 's3', lookup(grace, 's3'));

    await cache.user('u1', 's1', lookup(ada, 's1'));
    await cache.user('u1', 's2', lookup(ada, 's2'));

    expect(calls).toEqual(['s1', 's2', 's3', 's2']);
  });
});
