import { seedTasks, signUp } from '../lib/api';
import { oneOffJwtSecret, startBackend, type RunningBackend } from '../lib/backend';
import { openBenchDatabase, type BenchDatabase } from '../lib/bench-database';
import { runLoad } from '../lib/load';
import { startRoundRobinProxy, type RoundRobinProxy } from '../lib/round-robin-proxy';

/**
 * Two backend instances behind a readiness-aware round-robin proxy (the stand-in for the Service),
 * steady load through it, one instance gets SIGTERM and a new one replaces it, as a rolling update
 * with maxUnavailable 0 does. The proxy probes readiness every second (timeout 3 s, 3 failures in a
 * row to drop an instance, as the Deployment's probe), so it stops routing to the terminating
 * instance within about 3 s; the backend keeps serving for SHUTDOWN_DRAIN_MS (5 s) after SIGTERM
 * with readiness 503, so no request may fail. (In the cluster the endpoint is also removed as soon
 * as the pod starts terminating, and preStop sleeps 5 s before SIGTERM: more margin, not less.)
 */
describe('rolling restart drill', () => {
  let database: BenchDatabase;
  let proxy: RoundRobinProxy | undefined;
  const backends: RunningBackend[] = [];

  beforeAll(async () => {
    database = await openBenchDatabase();
  });

  afterAll(async () => {
    await proxy?.close();
    await Promise.all(backends.map((backend) => backend.service.stop('SIGKILL')));
    await database.close();
  });

  it('when one of two instances is sent SIGTERM under load and replaced, then no request fails', async () => {
    const env = { DATABASE_URL: database.url, JWT_SECRET: oneOffJwtSecret(), LOG_LEVEL: 'warn' };
    const [first, second] = await Promise.all([startBackend('rolling-a', env), startBackend('rolling-b', env)]);
    backends.push(first, second);
    proxy = await startRoundRobinProxy({
      upstreams: [first.url, second.url],
      probePeriodMs: 1_000,
      probeTimeoutMs: 3_000,
      failureThreshold: 3,
    });
    const { token } = await signUp(first.url);
    await seedTasks(first.url, token, 10);
    const auth = { authorization: `Bearer ${token}` };

    // The load runs until 3 s after the old instance exited (at most 90 s).
    let endLoad = () => undefined as void;
    const loadEnded = new Promise<void>((resolve) => {
      endLoad = resolve;
    });
    const durationSeconds = 90;
    const loadStartedAt = performance.now();
    const reads = runLoad({
      title: 'GET /api/v1/tasks',
      url: `${proxy.url}/api/v1/tasks`,
      headers: auth,
      connections: 8,
      overallRate: 60,
      durationSeconds,
      until: loadEnded,
    });
    const writes = runLoad({
      title: 'POST /api/v1/tasks',
      url: `${proxy.url}/api/v1/tasks`,
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Rolling [<id>]' }),
      connections: 4,
      overallRate: 20,
      durationSeconds,
      until: loadEnded,
    });

    // maxSurge 1, maxUnavailable 0: the new instance is started and ready before the old one stops.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const replacement = await startBackend('rolling-c', env);
    backends.push(replacement);
    proxy.add(replacement.url);
    while (!proxy.ready().includes(replacement.url)) await new Promise((resolve) => setTimeout(resolve, 50));
    const sigtermAt = performance.now();
    const routedBeforeSigterm = proxy.counts.routed.get(first.url) ?? 0;
    const firstExit = await first.service.stop('SIGTERM', 30_000);
    const exitedAt = performance.now();
    const routedWhileDraining = (proxy.counts.routed.get(first.url) ?? 0) - routedBeforeSigterm;
    proxy.remove(first.url);
    setTimeout(endLoad, 3_000);

    const [read, write] = await Promise.all([reads, writes]);
    const loadSeconds = (performance.now() - loadStartedAt) / 1000;

    // The drill is only valid if the load went on past the exit, and the draining instance got traffic.
    expect(loadSeconds).toBeLessThan(durationSeconds);
    expect(routedWhileDraining).toBeGreaterThan(0);
    expect({ exit: firstExit, withinGracePeriod: exitedAt - sigtermAt < 30_000 }).toEqual({ exit: 0, withinGracePeriod: true });
    // Steady load means requests all along (the rate is a ceiling; a busy 2-core machine serves fewer).
    expect(read.requests).toBeGreaterThan(loadSeconds * 3);
    expect({ errors: read.errors, statusCodes: read.statusCodes }).toEqual({ errors: 0, statusCodes: { '200': read.requests } });
    expect({ errors: write.errors, statusCodes: write.statusCodes }).toEqual({ errors: 0, statusCodes: { '201': write.requests } });
    expect({ noUpstream: proxy.counts.noUpstream, upstreamErrors: proxy.counts.upstreamErrors }).toEqual({
      noUpstream: 0,
      upstreamErrors: 0,
    });
    // The replacement really took traffic: the drill ends with two serving instances again.
    expect(proxy.counts.routed.get(replacement.url) ?? 0).toBeGreaterThan(0);
    process.stderr.write(
      `[drill] rolling restart: ${read.requests} reads + ${write.requests} writes, 0 failed; SIGTERM to exit ${(exitedAt - sigtermAt).toFixed(0)} ms ` +
        `(${routedWhileDraining} requests routed to it after SIGTERM); ` +
        `replacement ready in ${replacement.startToReadyMs.toFixed(0)} ms\n`,
    );
  });
});
