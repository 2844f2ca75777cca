import { errorBodySchema } from '@todo/contracts';
import { Client } from 'pg';
import { applyMigrations } from '@todo/backend/migrator';
import { signUp } from '../lib/api';
import { oneOffJwtSecret, startBackend, type RunningBackend } from '../lib/backend';
import { startThrowawayPostgres, type ThrowawayPostgres } from '@todo/testkit/throwaway-postgres';

/** The Deployment's readiness probe: period 5 s, timeout 3 s. */
const PROBE_PERIOD_MS = 5_000;
const PROBE_TIMEOUT_MS = 3_000;

interface Outcome {
  title: string;
  status: number | 'no response';
  body: string;
  at: number;
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls a health endpoint every `everyMs` until stopped, keeping (time, status) pairs. */
function poll(url: string, everyMs: number) {
  const seen: Array<{ at: number; status: number | 'no response' }> = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const at = performance.now();
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
        await response.arrayBuffer();
        seen.push({ at, status: response.status });
      } catch {
        seen.push({ at, status: 'no response' });
      }
      await sleep(everyMs);
    }
  })();
  return {
    seen,
    async stop() {
      running = false;
      await loop;
    },
  };
}

/**
 * The backend on its own PostgreSQL cluster, under steady reads and writes; the cluster is killed
 * (`pg_ctl stop -m immediate`, like a crashed database pod), kept down, and started again.
 */
describe('database outage drill', () => {
  let cluster: ThrowawayPostgres;
  let backend: RunningBackend | undefined;

  beforeAll(async () => {
    cluster = await startThrowawayPostgres();
    const admin = new Client({ connectionString: cluster.url() });
    await admin.connect();
    await admin.query('CREATE DATABASE todo');
    await admin.end();
    await applyMigrations(cluster.url('todo'));
  });

  afterAll(async () => {
    await backend?.service.stop('SIGKILL');
    await cluster.destroy();
  });

  it('when the database dies mid-load and comes back, then readiness follows it, nothing crashes and no write is partial', async () => {
    backend = await startBackend('outage', { DATABASE_URL: cluster.url('todo'), JWT_SECRET: oneOffJwtSecret(), LOG_LEVEL: 'warn' });
    const { url } = backend;
    const { token } = await signUp(url);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

    const readiness = poll(`${url}/health/ready`, 100);
    const liveness = poll(`${url}/health/live`, 250);
    const writes: Outcome[] = [];
    const reads: Outcome[] = [];
    let loading = true;
    let next = 0;
    const writer = async () => {
      while (loading) {
        const title = `outage-${next++}`;
        const at = performance.now();
        try {
          const response = await fetch(`${url}/api/v1/tasks`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ title, description: `written by ${title}`, priority: 'high' }),
            signal: AbortSignal.timeout(10_000),
          });
          writes.push({ title, status: response.status, body: await response.text(), at });
        } catch {
          writes.push({ title, status: 'no response', body: '', at });
        }
        await sleep(20);
      }
    };
    const reader = async () => {
      while (loading) {
        const at = performance.now();
        try {
          const response = await fetch(`${url}/api/v1/tasks?limit=5`, { headers, signal: AbortSignal.timeout(10_000) });
          reads.push({ title: 'list', status: response.status, body: await response.text(), at });
        } catch {
          reads.push({ title: 'list', status: 'no response', body: '', at });
        }
        await sleep(20);
      }
    };
    const workers = [writer(), writer(), reader(), reader()];

    await sleep(2_000);
    const stoppedAt = performance.now();
    await cluster.stop('immediate');
    await sleep(4_000);
    const restartedAt = performance.now();
    await cluster.start();
    // Recovery: readiness back to 200, then a few seconds of normal service.
    const recoveryDeadline = restartedAt + 15_000;
    while (!readiness.seen.some((probe) => probe.at > restartedAt && probe.status === 200) && performance.now() < recoveryDeadline) {
      await sleep(100);
    }
    const recoveredAt = readiness.seen.find((probe) => probe.at > restartedAt && probe.status === 200)?.at;
    await sleep(2_000);
    loading = false;
    await Promise.all(workers);
    await readiness.stop();
    await liveness.stop();

    // Readiness turned 503 within one probe period of the database going away, and stayed 503
    // (never "no response", never 200) until the database was started again.
    // Ready before the outage, so the 503s below are the outage's doing, not a backend never ready.
    const beforeOutage = readiness.seen.filter((probe) => probe.at < stoppedAt);
    expect(beforeOutage.length).toBeGreaterThan(0);
    expect(beforeOutage.filter((probe) => probe.status !== 200)).toEqual([]);
    const first503 = readiness.seen.find((probe) => probe.at >= stoppedAt && probe.status === 503);
    expect(first503).toBeDefined();
    const readinessLagMs = first503!.at - stoppedAt;
    expect(readinessLagMs).toBeLessThan(PROBE_PERIOD_MS);
    const duringOutage = readiness.seen.filter((probe) => probe.at >= (first503?.at ?? Infinity) && probe.at < restartedAt);
    expect(duringOutage.length).toBeGreaterThan(0);
    expect(duringOutage.filter((probe) => probe.status !== 503)).toEqual([]);
    // No crash: the process is still the same one, and liveness never failed.
    expect(backend.service.child.exitCode).toBeNull();
    expect(liveness.seen.filter((probe) => probe.status !== 200)).toEqual([]);
    // Full recovery: readiness back to 200 within the 15 s the drill allows after the restart.
    expect(recoveredAt).toBeDefined();
    const recoveryMs = recoveredAt! - restartedAt;
    expect(recoveryMs).toBeLessThan(15_000);
    const afterRecovery = writes.filter((write) => write.at > (recoveredAt ?? Infinity) + 500);
    expect(afterRecovery.length).toBeGreaterThan(0);
    expect(afterRecovery.filter((write) => write.status !== 201)).toEqual([]);

    // Every answer was a success or a well-formed 503 service_unavailable: never a 500, never a hang.
    const failures = [...writes, ...reads].filter((outcome) => outcome.status !== 200 && outcome.status !== 201);
    expect(failures.length).toBeGreaterThan(0);
    const unexpected = failures.filter((outcome) => {
      if (outcome.status !== 503 || outcome.body.includes('    at ')) return true;
      const parsed = errorBodySchema.safeParse(parseJson(outcome.body));
      return !parsed.success || parsed.data.error.code !== 'service_unavailable';
    });
    expect(unexpected.map(({ title, status, body }) => ({ title, status, body: body.slice(0, 200) }))).toEqual([]);

    // No partial writes: exactly the acknowledged tasks exist, each whole.
    const client = new Client({ connectionString: cluster.url('todo') });
    await client.connect();
    const { rows } = await client.query<{ title: string; description: string | null; priority: string; completed: boolean }>(
      `SELECT title, description, priority::text AS priority, completed FROM tasks WHERE title LIKE 'outage-%'`,
    );
    await client.end();
    const acknowledged = writes
      .filter((write) => write.status === 201)
      .map((write) => write.title)
      .sort();
    expect(rows.map((row) => row.title).sort()).toEqual(acknowledged);
    for (const row of rows) {
      expect(row).toEqual({ title: row.title, description: `written by ${row.title}`, priority: 'high', completed: false });
    }

    process.stderr.write(
      `[drill] database outage: readiness 503 after ${readinessLagMs.toFixed(0)} ms, back to 200 ${recoveryMs.toFixed(0)} ms after restart; ` +
        `${writes.length} writes (${acknowledged.length} acknowledged, all present), ${reads.length} reads, ${failures.length} answered 503\n`,
    );
  });
});
