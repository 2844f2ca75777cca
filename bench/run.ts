/**
 * `npm run bench`: measures the backend against the design's targets and prints the tables.
 * Figures are reported, never asserted. Durations come from the environment (see `settings`).
 * `npm run bench -- --profile` instead writes a CPU profile of the backend under the list load and
 * prints where the time goes (bench/lib/profile-run.ts); `-- --profile baseline` does the same for
 * the bare baseline.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import type { TaskList, TaskResponse } from '@todo/contracts';
import { rssMiB, sampleRss } from '@todo/testkit/processes';
import { call, seedTasks, signUp } from './lib/api';
import { backendBundle, buildBackend, oneOffJwtSecret, repoRoot, startBackend, type RunningBackend } from './lib/backend';
import { startBaseline } from './lib/baseline';
import { measureFrontendIdle } from './lib/frontend';
import { runLoad } from './lib/load';
import { profileUnderLoad } from './lib/profile-run';
import { loadTable, ratioTable, targetTable, type TargetCheck } from './lib/report';
import { alternateRounds, parseOtherBuilds, ratiosTo, requestFor, type Contender, type Scenario } from './lib/side-by-side';

const number = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number`);
  return value;
};

const settings = {
  /** Seconds of each measured load run. */
  durationSeconds: number('BENCH_DURATION', 10),
  warmupSeconds: number('BENCH_WARMUP', 2),
  /** Every contender takes its turn on every endpoint this many times, so drift hits all alike. */
  rounds: number('BENCH_ROUNDS', 2),
  connections: number('BENCH_CONNECTIONS', 50),
  tasks: 50,
  /** Backend starts timed for start-to-ready (the median is reported). */
  startRuns: number('BENCH_START_RUNS', 3),
  idleSettleMs: number('BENCH_IDLE_SETTLE_MS', 2000),
  /** The level the Deployment runs with; `info` logs one line per request. */
  logLevel: process.env.BENCH_LOG_LEVEL ?? 'info',
  skipBuild: process.env.BENCH_SKIP_BUILD === '1',
  /** Other builds of the backend (`label=dist/main.js` of other checkouts) measured in the same rounds. */
  otherBuilds: parseOtherBuilds(process.env.BENCH_COMPARE),
  /** `--profile` profiles the backend, `--profile baseline` the bare baseline. */
  profile: process.argv.includes('--profile') ? (process.argv.includes('baseline') ? ('baseline' as const) : ('backend' as const)) : undefined,
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

/** The body of a create, without what differs between two creations (id, timestamps). */
const createdFields = (body: TaskResponse) => {
  const { id: _id, createdAt: _createdAt, updatedAt: _updatedAt, ...rest } = body.task;
  return rest;
};

/** Each endpoint once on every contender: the bodies must be the same, or the ratios compare unequal work. */
async function sameJson(contenders: Contender[], scenarios: Scenario[]): Promise<Record<string, boolean>> {
  const verdicts: Record<string, boolean> = {};
  for (const scenario of scenarios) {
    const bodies = await Promise.all(
      contenders.map(async (contender) => {
        const { url, method, body } = requestFor(scenario, contender);
        const path = url.slice(contender.url.length);
        const answer = await call<TaskResponse>(contender.url, method, path, {
          token: contender.isBackend ? scenario.token : undefined,
          body: body === undefined ? undefined : (JSON.parse(body.replace('[<id>]', 'same-json')) as unknown),
          expected: method === 'POST' ? 201 : 200,
        });
        return JSON.stringify(method === 'POST' ? createdFields(answer) : answer);
      }),
    );
    verdicts[scenario.title] = bodies.every((body) => body === bodies[0]);
  }
  return verdicts;
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
  for (const { label, bundle } of settings.otherBuilds) {
    if (!existsSync(bundle)) throw new Error(`BENCH_COMPARE: ${label}=${bundle} does not exist; build it first (README: compare two commits)`);
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

  if (settings.profile) {
    try {
      const { profileFile, report } = await profileUnderLoad({ env, log, ...settings, target: settings.profile });
      process.stdout.write(`${report}\n`);
      log(`wrote ${profileFile} (open it in Chrome DevTools or speedscope) and the table beside it`);
    } finally {
      await database.close();
    }
    return;
  }

  let backend: RunningBackend | undefined;
  const others: { label: string; running: RunningBackend }[] = [];
  const startTimes: number[] = [];
  const startCpu: number[] = [];
  let baselineStop: (() => Promise<unknown>) | undefined;
  try {
    for (let run = 0; run < Math.max(1, settings.startRuns); run += 1) {
      if (backend) await backend.service.stop();
      backend = await startBackend(`backend-${run}`, env);
      startTimes.push(backend.startToReadyMs);
      if (backend.cpuToReadyMs !== null) startCpu.push(backend.cpuToReadyMs);
    }
    if (!backend) throw new Error('no backend started');
    log(`start-to-ready ${startTimes.map((ms) => ms.toFixed(0)).join(', ')} ms`);
    await new Promise((resolve) => setTimeout(resolve, settings.idleSettleMs));
    const idleRss = rssMiB(backend.service.pid);

    // The list and the single task belong to one user; writes go to another, so the list stays as seeded.
    const reader = await signUp(backend.url);
    await seedTasks(backend.url, reader.token, settings.tasks);
    const writer = await signUp(backend.url);
    const baseline = await startBaseline(database.url, { userId: reader.userId, writeUserId: writer.userId });
    baselineStop = () => baseline.service.stop();
    for (const { label, bundle } of settings.otherBuilds) others.push({ label, running: await startBackend(label, env, { bundle }) });

    const listPath = `/api/v1/tasks?limit=${settings.tasks}`;
    const listed = await call<TaskList>(backend.url, 'GET', listPath, { token: reader.token });
    if (listed.items.length !== settings.tasks) throw new Error(`backend listed ${listed.items.length} tasks`);
    const taskPath = `/api/v1/tasks/${listed.items[Math.floor(settings.tasks / 2)]?.id}`;
    const scenarios: Scenario[] = [
      { title: `GET ${listPath}`, method: 'GET', path: listPath, token: reader.token },
      { title: 'GET /api/v1/tasks/:id', method: 'GET', path: taskPath, token: reader.token },
      { title: 'POST /api/v1/tasks', method: 'POST', path: '/api/v1/tasks', body: JSON.stringify({ title: 'Load [<id>]', priority: 'high' }), token: writer.token },
    ];
    const contenders: Contender[] = [
      { name: 'backend', url: backend.url, pid: backend.service.pid, isBackend: true },
      ...others.map(({ label, running }) => ({ name: label, url: running.url, pid: running.service.pid, isBackend: true })),
      { name: 'baseline', url: baseline.url, pid: baseline.service.pid, isBackend: false },
    ];
    const same = await sameJson(contenders, scenarios);
    for (const [title, ok] of Object.entries(same)) if (!ok) log(`WARNING: ${title}: the bodies differ; the ratios compare unequal work`);

    const load = (target: { url: string; method: 'GET' | 'POST'; headers: Record<string, string>; body?: string }, durationSeconds = settings.durationSeconds) =>
      runLoad({ title: target.url, ...target, connections: settings.connections, durationSeconds });
    log('warm-up');
    for (const scenario of scenarios) {
      for (const contender of contenders) await load(requestFor(scenario, contender), settings.warmupSeconds);
    }
    const underLoad = sampleRss(backend.service.pid);
    const measurements = await alternateRounds({ rounds: settings.rounds, scenarios, contenders, runLoad: (target) => load(target), log });
    const peakRss = underLoad.stop();
    log('GET /health/ready');
    const ready = await runLoad({ title: 'GET /health/ready', url: `${backend.url}/health/ready`, connections: settings.connections, durationSeconds: settings.durationSeconds });

    const shutdownStarted = performance.now();
    const exitCode = await backend.service.stop('SIGTERM');
    const shutdownMs = performance.now() - shutdownStarted;
    for (const { running } of others) await running.service.stop('SIGTERM');
    await baseline.service.stop();
    baselineStop = undefined;
    await database.close();

    log('frontend idle RSS');
    const frontend = await measureFrontendIdle(settings.idleSettleMs).catch((error: Error) => ({ built: true as const, error: error.message }));
    log('Pulumi program under mocks');
    const pulumi = pulumiEvaluation();

    const listMeasured = measurements.get(scenarios[0]?.title ?? '');
    const listBaseline = listMeasured?.get('baseline');
    const listBackend = listMeasured?.get('backend');
    if (!listBaseline || !listBackend) throw new Error('the list was not measured');
    const listRatios = ratiosTo(listBaseline, listBackend);
    const frontendRss = 'idleRssMiB' in frontend ? frontend.idleRssMiB : null;
    const frontendNote = !frontend.built ? 'not built' : 'error' in frontend ? `failed: ${frontend.error}` : 'unreadable';
    const pulumiMs = 'error' in pulumi ? null : pulumi.importMs + pulumi.renderMs;
    const c = settings.connections;
    const checks: TargetCheck[] = [
      { name: 'GET /api/v1/tasks throughput vs baseline', value: listRatios.throughputPercent, unit: '%', kind: 'min', limit: 75 },
      { name: 'GET /api/v1/tasks CPU per request vs baseline', value: listRatios.cpuRatio, unit: '×', kind: 'atMost', limit: 1.6 },
      { name: `GET /api/v1/tasks p99 at ${c} connections vs baseline`, value: listRatios.p99Ratio, unit: '×', kind: 'atMost', limit: 1.5 },
      { name: 'GET /api/v1/tasks non-2xx and errors', value: listBackend.load.non2xx + listBackend.load.errors, unit: '', kind: 'atMost', limit: 0 },
      { name: 'same JSON as the baseline (endpoints differing)', value: Object.values(same).filter((ok) => !ok).length, unit: '', kind: 'atMost', limit: 0 },
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
      ['same JSON as baseline', Object.entries(same).map(([title, ok]) => `${title}: ${ok}`).join(', ')],
      ...settings.otherBuilds.map(({ label, bundle }) => [`compared with ${label}`, bundle]),
    ];

    const about = machine();
    const header = `${startedAt.toISOString()} · ${about.cpu} · ${about.memoryGiB} GiB · Node ${about.node} · load avg at start ${about.loadAverageAtStart.join(' ')} · database ${database.kind} · ${c} connections, ${settings.rounds}×${settings.durationSeconds} s rounds · LOG_LEVEL=${settings.logLevel}`;
    const text = [
      header,
      '',
      targetTable(checks),
      '',
      ratioTable(measurements),
      '',
      loadTable([ready]),
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
      sideBySide: Object.fromEntries([...measurements].map(([title, byContender]) => [title, Object.fromEntries(byContender)])),
      ready,
      backend: { startToReadyMs: startTimes, cpuToReadyMs: startCpu, idleRssMiB: round1(idleRss), peakRssMiB: round1(peakRss), shutdownMs, exitCode },
      frontend,
      pulumi,
      sameJsonAsBaseline: same,
      table: text,
    };
    writeFileSync(join(__dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    log('wrote bench/results.json');
  } finally {
    await baselineStop?.();
    for (const { running } of others) await running.service.stop('SIGKILL');
    await backend?.service.stop('SIGKILL');
    await database.close().catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
