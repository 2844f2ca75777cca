import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startThrowawayPostgres, type ThrowawayPostgres } from '@todo/testkit/throwaway-postgres';
import { freePort } from '@todo/testkit/ports';
import {
  buildImage,
  containerState,
  docker,
  dockerOk,
  http,
  imageFiles,
  imageSize,
  logs,
  run,
  sleep,
  startContainer,
  type ImageSize,
} from './docker';
import { runMigrationJob } from './migration-job';
import { probeOnce, waitForProbe, waitForStatus } from './probes';
import { loadWorkload, probeBudgetMs, repoRoot, type AppName, type Workload } from './workload';

/**
 * The container contract: both images built from the inputs the Pulumi program declares, run the way
 * its Deployments declare (uid:gid, read-only root, no capabilities, no new privileges, tmpfs only at
 * the declared emptyDir paths, env, port), probed with the declared probes and budgets.
 */

const MB = 1024 * 1024;
const budgetsMb: Record<AppName, number> = { backend: 80, frontend: 100 };
const tags: Record<AppName, string> = { backend: 'todo-backend:containers-test', frontend: 'todo-frontend:containers-test' };
const names: Record<AppName, string> = { backend: 'todo-ct-backend', frontend: 'todo-ct-frontend' };

const report: Record<string, unknown> = {};
const workloads = {} as Record<AppName, Workload>;
const sizes = {} as Record<AppName, ImageSize>;
let postgres: ThrowawayPostgres | undefined;
const ports = { backend: 0, frontend: 0 };
const backendUrl = (): string => `http://127.0.0.1:${ports.backend}`;
const frontendUrl = (): string => `http://127.0.0.1:${ports.frontend}`;

/** The declared env with its plain values, the suite's values for the declared secrets, and the overrides. */
function envFor(workload: Workload, values: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(workload.env)) {
    if (values[name] !== undefined) env[name] = values[name];
    else if (value !== null) env[name] = value;
  }
  return { ...env, ...values };
}

async function dumpLogs(app: AppName): Promise<void> {
  console.log(`--- ${app} container logs ---\n${await logs(names[app])}`);
}

interface SigtermOutcome {
  exitAfterMs: number;
  exitCode: number;
  answered: number;
  refused: number;
  failures: string[];
  readyStatusesAfterTerm: (number | string)[];
}

/**
 * Keeps `concurrency` clients requesting `path` on fresh connections, sends SIGTERM, and records how
 * long the container takes to exit and what every request got. A refused connection is fine (the
 * listener has closed; Kubernetes has taken the pod out of the Service by then); a request that was
 * accepted and then reset or left unanswered is not.
 */
async function sigtermUnderLoad(
  app: AppName,
  baseUrl: string,
  path: string,
  options: { readyPath?: string; newRequestsForMsAfterTerm: number },
): Promise<SigtermOutcome> {
  const { readyPath, newRequestsForMsAfterTerm } = options;
  const mayStartRequest = (): boolean => !termSentAt || Date.now() - termSentAt < newRequestsForMsAfterTerm;
  const workload = workloads[app];
  let stop = false;
  let answered = 0;
  let refused = 0;
  const failures: string[] = [];
  const readyStatusesAfterTerm: (number | string)[] = [];
  let termSentAt = 0;
  const worker = async (): Promise<void> => {
    for (let i = 0; i < 10_000 && !stop && mayStartRequest(); i++) {
      try {
        const answer = await http(`${baseUrl}${path}`, { timeoutMs: 10_000 });
        if (answer.status >= 500) failures.push(`HTTP ${answer.status}`);
        else answered += 1;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ECONNREFUSED') {
          refused += 1;
          await sleep(50);
        } else failures.push(code ?? (error as Error).message);
      }
    }
  };
  const readyPoller = async (): Promise<void> => {
    while (!stop && readyPath) {
      if (termSentAt)
        readyStatusesAfterTerm.push(
          (await http(`${baseUrl}${readyPath}`, { timeoutMs: 3_000 }).catch((e: Error) => ({ status: e.message }))).status,
        );
      await sleep(100);
    }
  };
  const workers = [...Array.from({ length: 6 }, worker), readyPoller()];
  await sleep(1_000);
  termSentAt = Date.now();
  await dockerOk(['kill', '--signal=SIGTERM', names[app]]);
  const graceMs = workload.terminationGracePeriodSeconds * 1000;
  let state = await containerState(names[app]);
  while (state.running && Date.now() - termSentAt < graceMs + 5_000) {
    await sleep(100);
    state = await containerState(names[app]);
  }
  const exitAfterMs = Date.now() - termSentAt;
  stop = true;
  await Promise.all(workers);
  return { exitAfterMs, exitCode: state.exitCode, answered, refused, failures, readyStatusesAfterTerm };
}

beforeAll(async () => {
  const info = await docker(['info', '--format', '{{.ServerVersion}}'], 20_000);
  if (info.code !== 0) throw new Error('No Docker engine answers: run `bash .ci/docker.sh` first (it installs and starts one).');
  workloads.backend = await loadWorkload('backend');
  workloads.frontend = await loadWorkload('frontend');
  ports.backend = await freePort();
  ports.frontend = await freePort();
  postgres = await startThrowawayPostgres();
  await run('psql', ['-q', '-d', postgres.url('postgres'), '-c', 'CREATE DATABASE app']);
}, 120_000);

afterAll(async () => {
  for (const app of ['frontend', 'backend'] as const) await docker(['rm', '-f', names[app]]);
  await postgres?.destroy();
  mkdirSync(join(repoRoot, 'artifacts'), { recursive: true });
  writeFileSync(join(repoRoot, 'artifacts', 'containers.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`container suite report (artifacts/containers.json):\n${JSON.stringify(report, null, 2)}`);
}, 60_000);

describe.each(['backend', 'frontend'] as const)('the %s image', (app) => {
  test(`when built from the declared Dockerfile and context, then it builds and its metadata matches the Deployment`, async () => {
    const workload = workloads[app];
    const seconds = await buildImage(workload, tags[app]);
    report[`${app}BuildSeconds`] = Math.round(seconds * 10) / 10;

    const config = JSON.parse(await dockerOk(['image', 'inspect', '--format', '{{json .Config}}', tags[app]])) as {
      User: string;
      Env: string[];
      ExposedPorts: Record<string, unknown>;
      Healthcheck?: { Test: string[] };
    };
    expect(config.User).toBe(`${workload.runAsUser}:${workload.runAsGroup}`);
    expect(config.Env).toContain(`PORT=${workload.containerPort}`);
    expect(Object.keys(config.ExposedPorts)).toEqual([`${workload.containerPort}/tcp`]);
    expect(config.Healthcheck?.Test.slice(0, 2)).toEqual(['CMD', 'node']);
  }, 900_000);

  test(`when its size is measured, then it stays under the compressed budget`, async () => {
    sizes[app] = await imageSize(tags[app]);
    report[`${app}Size`] = {
      uncompressedMB: Math.round((sizes[app].uncompressedBytes / MB) * 10) / 10,
      compressedMB: Math.round((sizes[app].compressedBytes / MB) * 10) / 10,
      budgetMB: budgetsMb[app],
    };
    expect(sizes[app].compressedBytes).toBeLessThan(budgetsMb[app] * MB);
  }, 300_000);

  test(`when its filesystem is listed, then it holds no VCS data, secrets, tests, sources, package manager or dev dependencies`, async () => {
    const files = await imageFiles(tags[app]);
    // Build and test tools that must never reach a runtime image (some other devDependencies, e.g.
    // yaml, are legitimately there as transitive production dependencies).
    const devTools =
      /node_modules\/(typescript|jest|ts-jest|ts-node|tsx|eslint|esbuild|supertest|playwright-core|autocannon|jest-environment-jsdom|@testing-library\/[^/]+|@types\/[^/]+|@electric-sql\/pglite)\/package\.json$/;
    const offending = files.filter(
      (file) =>
        /(^|\/)\.git\//.test(file) ||
        /(^|\/)\.env(\.|$)/.test(file) ||
        /\.(test|spec)\.[cm]?[jt]sx?$/.test(file) ||
        /node_modules\/(.*\/)?(test|tests|__tests__)\//.test(file) ||
        /(^|\/)(e2e|__tests__)\//.test(file) ||
        /^app\/(apps|packages)\/[^/]+\/src\/.*\.tsx?$/.test(file) ||
        /node_modules\/npm\//.test(file) ||
        /(^|\/)Pulumi\.[^/]*\.yaml$/.test(file) ||
        devTools.test(file),
    );
    expect(offending).toEqual([]);
    expect(files).toContain('usr/local/bin/node');
  }, 300_000);
});

describe('the backend container', () => {
  const workload = (): Workload => workloads.backend;

  // The database gets its schema the way the cluster gives it: the migration Job's own command in
  // this image (migration.containers.test.ts asserts what it does).
  beforeAll(async () => {
    const job = await runMigrationJob({ image: tags.backend, workload: workload(), secrets: { DATABASE_URL: postgres!.url('app') } });
    if (job.code !== 0) throw new Error(`the migration Job failed:\n${job.stdout}${job.stderr}`);
  }, 180_000);

  test('when started as the Deployment declares, then the startup, liveness and readiness probes pass within their budgets', async () => {
    const startedAt = Date.now();
    await startContainer({
      name: names.backend,
      image: tags.backend,
      workload: workload(),
      env: envFor(workload(), {
        PORT: String(ports.backend),
        DATABASE_URL: postgres!.url('app'),
        JWT_SECRET: 'containers-suite-jwt-secret-0123456789abcdefghij',
        FRONTEND_URL: `http://127.0.0.1:${ports.frontend}`,
      }),
    });
    try {
      const { startup, liveness, readiness } = workload().probes;
      const timings: Record<string, number> = {};
      if (startup) timings.startupMs = (await waitForProbe(backendUrl(), startup, startedAt)).passedAfterMs;
      timings.livenessMs = (await waitForProbe(backendUrl(), liveness, startedAt)).passedAfterMs;
      timings.readinessMs = (await waitForProbe(backendUrl(), readiness, startedAt)).passedAfterMs;
      report.backendProbes = timings;
    } catch (error) {
      await dumpLogs('backend');
      throw error;
    }
  }, 240_000);

  test('when its database stops, then readiness answers 503 while liveness stays 200, and readiness is 200 again once the database returns', async () => {
    const { readiness, liveness } = workload().probes;
    const readyUrl = `${backendUrl()}${readiness.path}`;
    await postgres!.stop('immediate');
    let notReadyAfterMs: number;
    try {
      notReadyAfterMs = await waitForStatus(readyUrl, 503, probeBudgetMs(readiness), readiness.timeoutSeconds * 1000);
      expect(await probeOnce(backendUrl(), liveness)).toBe(200);
    } finally {
      await postgres!.start();
    }
    const readyAgainAfterMs = await waitForStatus(readyUrl, 200, probeBudgetMs(readiness), readiness.timeoutSeconds * 1000);
    report.backendDatabaseOutage = { notReadyAfterMs, readyAgainAfterMs, budgetMs: probeBudgetMs(readiness) };
  }, 120_000);
});

describe('the frontend container', () => {
  const workload = (): Workload => workloads.frontend;

  test('when started as the Deployment declares, then its probes pass within their budgets', async () => {
    const startedAt = Date.now();
    await startContainer({
      name: names.frontend,
      image: tags.frontend,
      workload: workload(),
      // BACKEND_URL is http://backend:8000 in the cluster; here the backend container listens on the host network.
      env: envFor(workload(), { PORT: String(ports.frontend), BACKEND_URL: backendUrl() }),
    });
    try {
      const { startup, liveness, readiness } = workload().probes;
      const timings: Record<string, number> = {};
      if (startup) timings.startupMs = (await waitForProbe(frontendUrl(), startup, startedAt)).passedAfterMs;
      timings.livenessMs = (await waitForProbe(frontendUrl(), liveness, startedAt)).passedAfterMs;
      timings.readinessMs = (await waitForProbe(frontendUrl(), readiness, startedAt)).passedAfterMs;
      report.frontendProbes = timings;
    } catch (error) {
      await dumpLogs('frontend');
      throw error;
    }
  }, 240_000);

  test('when a page is requested, then it is rendered with its static assets', async () => {
    const page = await http(`${frontendUrl()}/login`, { timeoutMs: 15_000 });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const asset = /\/_next\/static\/[^"'\s]+\.(js|css)/.exec(page.body)?.[0];
    expect(asset).toBeDefined();
    expect((await http(`${frontendUrl()}${asset!}`)).status).toBe(200);
  }, 60_000);

  test('when a user signs up and lists tasks through the frontend, then the frontend proxies to the backend container', async () => {
    const email = `containers-${Date.now()}@example.com`;
    const signup = await http(`${frontendUrl()}/api/session/signup`, {
      method: 'POST',
      body: JSON.stringify({ email, password: 'containers-suite-Password-1' }),
      timeoutMs: 15_000,
    });
    expect({ status: signup.status, body: signup.body }).toMatchObject({ status: 201 });
    const setCookie = signup.headers['set-cookie'] ?? [];
    const cookie = (Array.isArray(setCookie) ? setCookie : [setCookie]).map((c) => c.split(';')[0]).join('; ');
    expect(cookie).not.toBe('');
    const tasks = await http(`${frontendUrl()}/api/v1/tasks`, { headers: { cookie }, timeoutMs: 15_000 });
    expect(tasks.status).toBe(200);
    expect(JSON.parse(tasks.body)).toMatchObject({ items: [] });
  }, 60_000);

  test('when sent SIGTERM under load, then it exits cleanly inside the grace period with every accepted request answered', async () => {
    // Kubernetes stops routing to a terminating pod while its preStop sleep runs, so only the requests
    // in flight when SIGTERM arrives must be answered; Next.js closes its listener at once.
    const outcome = await sigtermUnderLoad('frontend', frontendUrl(), '/login', { newRequestsForMsAfterTerm: 0 });
    report.frontendSigterm = { ...outcome, failures: outcome.failures.slice(0, 10), readyStatusesAfterTerm: undefined };
    if (outcome.failures.length) await dumpLogs('frontend');
    expect(outcome.failures).toEqual([]);
    expect(outcome.answered).toBeGreaterThan(0);
    expect([0, 143]).toContain(outcome.exitCode); // 143 = 128 + SIGTERM: Next.js exits so after draining
    expect(outcome.exitAfterMs).toBeLessThan((workload().terminationGracePeriodSeconds - workload().preStopSleepSeconds) * 1000);
  }, 90_000);
});

describe('the backend container on SIGTERM', () => {
  test('when sent SIGTERM under load, then readiness turns 503, every accepted request is answered and it exits cleanly inside the grace period', async () => {
    const workload = workloads.backend;
    // The backend also keeps serving new requests during its drain delay (SHUTDOWN_DRAIN_MS, 5 s by
    // default; readiness already 503): clients keep coming for 2 s after SIGTERM, as if the endpoint
    // removal were late; none may be refused or reset. (Connections that arrive at the very moment the
    // listener closes can be reset by the kernel; Kubernetes has stopped routing long before that.)
    const outcome = await sigtermUnderLoad('backend', backendUrl(), workload.probes.liveness.path, {
      readyPath: workload.probes.readiness.path,
      newRequestsForMsAfterTerm: 2_000,
    });
    report.backendSigterm = {
      ...outcome,
      failures: outcome.failures.slice(0, 10),
      readyStatusesAfterTerm: [...new Set(outcome.readyStatusesAfterTerm)],
    };
    if (outcome.failures.length || outcome.exitCode !== 0) await dumpLogs('backend');
    expect(outcome.failures).toEqual([]);
    expect(outcome.answered).toBeGreaterThan(0);
    expect(outcome.readyStatusesAfterTerm).toContain(503);
    expect(outcome.refused).toBe(0);
    expect([0, 143]).toContain(outcome.exitCode); // 0, or 143 (128 + SIGTERM) if it re-raises the signal after draining
    expect(outcome.exitAfterMs).toBeLessThan((workload.terminationGracePeriodSeconds - workload.preStopSleepSeconds) * 1000);
  }, 90_000);
});
