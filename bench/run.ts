/**
 * `npm run bench`: measures the backend against the design's targets and prints one table.
 * Figures are reported, never asserted. Durations come from the environment (see `settings`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import type { TaskList } from '@todo/contracts';
import { call, seedTasks, signUp } from './lib/api';
import { backendBundle, buildBackend, oneOffJwtSecret, repoRoot, startBackend, type RunningBackend } from './lib/backend';
import { startBaseline } from './lib/baseline';
import { measureFrontendIdle } from './lib/frontend';
import { combineRounds, runLoad, type LoadResult } from './lib/load';
import { cpuMs, rssMiB, sampleRss } from '@todo/testkit/processes';
import { loadTable, targetTable, type TargetCheck } from './lib/report';

const number = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number`);
  return value;
};

const settings = {
  /** Seconds of each measured load run. */
  durationSeconds: number('BENCH_DURATION', 10),
  warmupSeconds: number('BENCH_WARMUP', 2),
  /** Backend and baseline alternate this many times on `GET /tasks`, so drift hits both alike. */
  rounds: number('BENCH_ROUNDS', 2),
  connections: number('BENCH_CONNECTIONS', 50),
  tasks: 50,
  /** Backend starts timed for start-to-ready (the median is reported). */
  startRuns: number('BENCH_START_RUNS', 3),
  idleSettleMs: number('BENCH_IDLE_SETTLE_MS', 2000),
  /** The level the Deployment runs with; `info` logs one line per request. */
  logLevel: process.env.BENCH_LOG_LEVEL ?? 'info',
  skipBuild: process.env.BENCH_SKIP_BUILD === '1',
};

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? NaN;
};
const round1 = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

function machine() {
  const cpuList = cpus();
  return {
    cpu: `${cpuList.length} × ${cpuList[0]?.model.trim() ?? 'unknown'}`,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadAverageAtStart: loadavg().map((value) => Math.round(value * 100) / 100),
  };
}

/** Runs the Pulumi program under mocks in a fresh process. */
function pulumiEvaluation(): { importMs: number; renderMs: number; cpuMs: number; resources: number } | { error: string } {
  try {
    const output = execFileSync(process.execPath, ['--import', 'tsx', join(__dirname, 'pulumi-eval.ts')], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    const last = output.trim().split('\n').pop() ?? '';
    return JSON.parse(last) as { importMs: number; renderMs: number; cpuMs: number; resources: number };
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    return { error: `failed: ${stderr.trim().split('\n')[0] ?? 'unknown error'}` };
  }
}

async function main() {
  const startedAt = new Date();
  const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
  log(`settings ${JSON.stringify(settings)}`);

  if (settings.skipBuild && existsSync(backendBundle)) log('using the existing backend bundle');
  else {
    log('building the backend bundle');
    buildBackend();
  }

  // Imported only now: it loads the backend's generated Prisma client, which the build (prebuild)
  // generates on a fresh clone.
  const { openBenchDatabase } = await import('./lib/bench-database.js');
  const database = await openBenchDatabase();
  log(`database: ${database.kind}`);
  const env = {
    DATABASE_URL: database.url,
    JWT_SECRET: oneOffJwtSecret(),
    LOG_LEVEL: settings.logLevel,
    // The drain is the drills' business; here it would only make every stop 5 s longer.
    SHUTDOWN_DRAIN_MS: '0',
  };

  let backend: RunningBackend | undefined;
  const startTimes: number[] = [];
  const startCpu: number[] = [];
  const loads: LoadResult[] = [];
  let baselineStop: (() => Promise<unknown>) | undefined;
  try {
    for (let run = 0; run < Math.max(1, settings.startRuns); run += 1) {
      if (backend) await backend.service.stop();
      backend = await startBackend(`backend-${run}`, env);
      startTimes.push(backend.startToReadyMs);
      if (backend.cpuToReadyMs !== null) startCpu.push(backend.cpuToReadyMs);
    }
    if (!backend) throw new Error('no backend started');
    const running = backend;
    log(`start-to-ready ${startTimes.map((ms) => ms.toFixed(0)).join(', ')} ms`);
    await new Promise((resolve) => setTimeout(resolve, settings.idleSettleMs));
    const idleRss = rssMiB(backend.service.pid);

    const { userId, token } = await signUp(backend.url);
    await seedTasks(backend.url, token, settings.tasks);
    const baseline = await startBaseline(database.url, userId);
    baselineStop = () => baseline.service.stop();

    const listPath = `/tasks?limit=${settings.tasks}`;
    const backendList = await call<TaskList>(backend.url, 'GET', `/api/v1${listPath}`, { token });
    const baselineList = await call<TaskList>(baseline.url, 'GET', listPath);
    const sameBody = JSON.stringify(backendList) === JSON.stringify(baselineList);
    if (backendList.items.length !== settings.tasks) throw new Error(`backend listed ${backendList.items.length} tasks`);
    if (!sameBody) log('WARNING: the baseline body differs from the backend body; the ratio compares unequal work');

    const auth = { authorization: `Bearer ${token}` };
    const load = (title: string, url: string, extra: Partial<Parameters<typeof runLoad>[0]> = {}) =>
      runLoad({ title, url, connections: settings.connections, durationSeconds: settings.durationSeconds, ...extra });

    log('warm-up');
    await load('warm-up', `${backend.url}/api/v1${listPath}`, { headers: auth, durationSeconds: settings.warmupSeconds });
    await load('warm-up', `${baseline.url}${listPath}`, { durationSeconds: settings.warmupSeconds });

    const backendRounds: LoadResult[] = [];
    const baselineRounds: LoadResult[] = [];
    // Server CPU per request: unlike req/s, barely moved by other work competing for the cores.
    const cpu = { backend: { ms: 0, requests: 0 }, baseline: { ms: 0, requests: 0 } };
    const measured = async (who: 'backend' | 'baseline', pid: number, run: () => Promise<LoadResult>) => {
      const before = cpuMs(pid) ?? NaN;
      const result = await run();
      cpu[who].ms += (cpuMs(pid) ?? NaN) - before;
      cpu[who].requests += result.requests;
      return result;
    };
    const underLoad = sampleRss(backend.service.pid);
    for (let round = 0; round < Math.max(1, settings.rounds); round += 1) {
      log(`GET /tasks round ${round + 1}`);
      backendRounds.push(await measured('backend', running.service.pid, () => load('backend', `${running.url}/api/v1${listPath}`, { headers: auth })));
      baselineRounds.push(await measured('baseline', baseline.service.pid, () => load('baseline', `${baseline.url}${listPath}`)));
    }
    const cpuPerRequestUs = {
      backend: (cpu.backend.ms * 1000) / cpu.backend.requests,
      baseline: (cpu.baseline.ms * 1000) / cpu.baseline.requests,
    };
    const getTasks = combineRounds(`GET /api/v1${listPath} (backend)`, backendRounds);
    const getBaseline = combineRounds(`GET ${listPath} (node:http + pg baseline)`, baselineRounds);
    log('POST /api/v1/tasks');
    const postTasks = await load('POST /api/v1/tasks', `${backend.url}/api/v1/tasks`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Load [<id>]', priority: 'high' }),
    });
    const peakRss = underLoad.stop();
    log('GET /health/ready');
    const ready = await load('GET /health/ready', `${backend.url}/health/ready`);
    loads.push(getTasks, getBaseline, postTasks, ready);

    const shutdownStarted = performance.now();
    const exitCode = await backend.service.stop('SIGTERM');
    const shutdownMs = performance.now() - shutdownStarted;
    await baseline.service.stop();
    baselineStop = undefined;
    await database.close();

    log('frontend idle RSS');
    const frontend = await measureFrontendIdle(settings.idleSettleMs).catch((error: Error) => ({ built: true as const, error: error.message }));
    log('Pulumi program under mocks');
    const pulumi = pulumiEvaluation();

    const ratio = (getTasks.requestsPerSecond / getBaseline.requestsPerSecond) * 100;
    const frontendRss = 'idleRssMiB' in frontend ? frontend.idleRssMiB : null;
    const frontendNote = !frontend.built ? 'not built' : 'error' in frontend ? `failed: ${frontend.error}` : 'unreadable';
    const pulumiMs = 'error' in pulumi ? null : pulumi.importMs + pulumi.renderMs;
    const checks: TargetCheck[] = [
      { name: 'GET /api/v1/tasks throughput vs baseline', value: ratio, unit: '%', kind: 'min', limit: 60 },
      { name: `GET /api/v1/tasks p99 at ${settings.connections} connections`, value: getTasks.p99Ms, unit: 'ms', kind: 'max', limit: 50 },
      { name: 'backend start to ready (median)', value: median(startTimes), unit: 'ms', kind: 'max', limit: 1500 },
      { name: 'backend idle RSS', value: idleRss, unit: 'MiB', kind: 'max', limit: 100 },
      { name: 'frontend idle RSS', value: frontendRss, unit: 'MiB', kind: 'max', limit: 150, note: frontendNote },
      { name: 'Pulumi program under mocks (import + render)', value: pulumiMs, unit: 'ms', kind: 'max', limit: 3000, note: 'error' in pulumi ? pulumi.error : undefined },
    ];
    const other = [
      ['backend peak RSS under load', peakRss === null ? 'n/a' : `${peakRss.toFixed(1)} MiB`],
      ['backend start-to-ready runs', `${startTimes.map((ms) => `${ms.toFixed(0)} ms`).join(', ')} (CPU used until ready: ${startCpu.map((ms) => `${ms.toFixed(0)} ms`).join(', ')})`],
      ['backend SIGTERM to exit (drain 0)', `${shutdownMs.toFixed(0)} ms, exit ${exitCode}`],
      ['frontend start to ready', 'startToReadyMs' in frontend ? `${frontend.startToReadyMs.toFixed(0)} ms` : frontendNote],
      ['Pulumi split', 'error' in pulumi ? pulumi.error : `import ${pulumi.importMs.toFixed(0)} ms + render ${pulumi.renderMs.toFixed(0)} ms (CPU ${pulumi.cpuMs.toFixed(0)} ms), ${pulumi.resources} resources`],
      ['server CPU per GET /tasks request', `backend ${cpuPerRequestUs.backend.toFixed(0)} µs, baseline ${cpuPerRequestUs.baseline.toFixed(0)} µs (baseline/backend ${((cpuPerRequestUs.baseline / cpuPerRequestUs.backend) * 100).toFixed(0)} %)`],
      ['same JSON as baseline', String(sameBody)],
    ];

    const about = machine();
    const header = `${startedAt.toISOString()} · ${about.cpu} · ${about.memoryGiB} GiB · Node ${about.node} · load avg at start ${about.loadAverageAtStart.join(' ')} · database ${database.kind} · ${settings.connections} connections, ${settings.rounds}×${settings.durationSeconds} s rounds · LOG_LEVEL=${settings.logLevel}`;
    const text = [
      header,
      '',
      targetTable(checks),
      '',
      loadTable(loads),
      '',
      ...other.map(([name, value]) => `- ${name}: ${value}`),
    ].join('\n');
    process.stdout.write(`${text}\n`);

    const results = {
      startedAt: startedAt.toISOString(),
      machine: about,
      settings,
      database: database.kind,
      targets: checks.map((check) => ({ ...check, value: round1(check.value) })),
      loads,
      rounds: { backend: backendRounds, baseline: baselineRounds },
      cpuPerRequestUs,
      backend: { startToReadyMs: startTimes, cpuToReadyMs: startCpu, idleRssMiB: round1(idleRss), peakRssMiB: round1(peakRss), shutdownMs, exitCode },
      frontend,
      pulumi,
      sameBodyAsBaseline: sameBody,
      table: text,
    };
    writeFileSync(join(__dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    log('wrote bench/results.json');
  } finally {
    await baselineStop?.();
    await backend?.service.stop('SIGKILL');
    await database.close().catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
