/**
 * `npm run bench`: measures the backend against the design's targets and prints the tables.
 * Figures are reported, never asserted. Durations come from the environment (see `settings`).
 * `npm run bench -- --profile` instead writes a CPU profile of the backend under the list load and
 * prints where the time goes (bench/lib/profile-run.ts); `-- --profile baseline` does the same for
 * the bare baseline, `-- --profile bff` for the frontend server on the BFF path; `task` after it
 * loads `GET /tasks/:id` instead of the list, `update` the bench's `PATCH /tasks/:id` load.
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
import { frontendServer, measureFrontendIdle, startBareProxy, startFrontend } from './lib/frontend';
import { runLoad } from './lib/load';
import { profileUnderLoad } from './lib/profile-run';
import { loadTable, ratioTable, targetTable, type TargetCheck } from './lib/report';
import {
  alternateRounds,
  parseOtherBuilds,
  ratiosTo,
  requestFor,
  type Contender,
  type LoadTarget,
  type Measurements,
  type Scenario,
} from './lib/side-by-side';
import { openTaskPools, type TaskPools } from './lib/task-pool';

const number = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number`);
  return value;
};

/** Seconds of each measured load run. */
const durationSeconds = number('BENCH_DURATION', 10);

const settings = {
  durationSeconds,
  warmupSeconds: number('BENCH_WARMUP', 2),
  /** Every contender takes its turn on every endpoint this many times, so drift hits all alike. */
  rounds: number('BENCH_ROUNDS', 2),
  connections: number('BENCH_CONNECTIONS', 50),
  tasks: 50,
  /** Tasks the PATCH load goes round (more than the connections, so they seldom wait on one row's lock). */
  updatePool: 500,
  /** Tasks inserted before each DELETE run: more than this machine deletes in a run. */
  deletePool: Math.max(1_000, Math.ceil(durationSeconds * 10_000)),
  /** Backend starts timed for start-to-ready (the median is reported). */
  startRuns: number('BENCH_START_RUNS', 3),
  idleSettleMs: number('BENCH_IDLE_SETTLE_MS', 2000),
  /** The level the Deployment runs with; `info` logs one line per request. */
  logLevel: process.env.BENCH_LOG_LEVEL ?? 'info',
  skipBuild: process.env.BENCH_SKIP_BUILD === '1',
  /** Other builds of the backend (`label=dist/main.js` of other checkouts) measured in the same rounds. */
  otherBuilds: parseOtherBuilds(process.env.BENCH_COMPARE),
  /** `--profile` profiles the backend, `--profile baseline` the bare baseline, `--profile bff` the frontend server; add `task` for GET /tasks/:id, `update` for PATCH. */
  profile: !process.argv.includes('--profile')
    ? undefined
    : process.argv.includes('baseline')
      ? ('baseline' as const)
      : process.argv.includes('bff')
        ? ('bff' as const)
        : ('backend' as const),
  profileEndpoint: process.argv.includes('task')
    ? ('task' as const)
    : process.argv.includes('update')
      ? ('update' as const)
      : ('list' as const),
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

/** A body without what differs between two creations or updates (id, timestamps). */
const withoutGenerated = (text: string) => {
  if (!text) return text;
  const { task, ...rest } = JSON.parse(text) as Partial<TaskResponse>;
  if (!task) return JSON.stringify(rest);
  const { id: _id, createdAt: _createdAt, updatedAt: _updatedAt, ...fields } = task;
  return JSON.stringify({ ...rest, task: fields });
};
const expectedStatus = { GET: 200, POST: 201, PATCH: 200, DELETE: 204 } as const;

/**
 * Each endpoint once on every contender, as the load sends it: the statuses and bodies must be the
 * same, or the ratios compare unequal work. Writes are compared without what each generates.
 */
async function sameJson(contenders: Contender[], scenarios: Scenario[]): Promise<Record<string, boolean>> {
  const verdicts: Record<string, boolean> = {};
  for (const scenario of scenarios) {
    await scenario.tasks?.refill?.();
    const answers = await Promise.all(
      contenders.map(async (contender) => {
        const target = requestFor(scenario, contender);
        const url = target.pathFor ? new URL(target.pathFor(), target.url).toString() : target.url;
        const response = await fetch(url, {
          method: target.method,
          headers: target.headers,
          body: target.body?.replace('[<id>]', 'same-json'),
          signal: AbortSignal.timeout(10_000),
        });
        const text = await response.text();
        if (response.status !== expectedStatus[scenario.method]) return `${contender.name}: ${response.status} ${text.slice(0, 200)}`;
        return scenario.method === 'GET' ? text : withoutGenerated(text);
      }),
    );
    verdicts[scenario.title] = answers.every((answer) => answer === answers[0]);
  }
  return verdicts;
}

/** The three ratio targets (and no failed requests) for each endpoint, against `reference`. */
function ratioChecks(
  measurements: Measurements,
  contender: string,
  reference: string,
  limits: { cpu?: number },
  connections: number,
): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const [title, byContender] of measurements) {
    const measured = byContender.get(contender);
    const base = byContender.get(reference);
    if (!measured || !base) throw new Error(`${title}: ${contender} or ${reference} was not measured`);
    const ratios = ratiosTo(base, measured);
    checks.push({ name: `${title} throughput vs ${reference}`, value: ratios.throughputPercent, unit: '%', kind: 'min', limit: 75 });
    if (limits.cpu !== undefined)
      checks.push({
        name: `${title} CPU per request vs ${reference}`,
        value: ratios.cpuRatio,
        unit: '×',
        kind: 'atMost',
        limit: limits.cpu,
      });
    checks.push({
      name: `${title} p99 at ${connections} connections vs ${reference}`,
      value: ratios.p99Ratio,
      unit: '×',
      kind: 'atMost',
      limit: 1.5,
    });
    checks.push({
      name: `${title} non-2xx and errors (${contender})`,
      value: measured.load.non2xx + measured.load.errors,
      unit: '',
      kind: 'atMost',
      limit: 0,
    });
  }
  return checks;
}

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

const load = (target: LoadTarget, durationSeconds = settings.durationSeconds) =>
  runLoad({ title: target.url, ...target, connections: settings.connections, durationSeconds });

async function warmUp(scenarios: Scenario[], contenders: Contender[]) {
  for (const scenario of scenarios) {
    for (const contender of contenders) {
      await scenario.tasks?.refill?.();
      await load(requestFor(scenario, contender), settings.warmupSeconds);
    }
  }
}

type User = { userId: string; token: string };

/**
 * The five task endpoints. The list and the single task are the reader's (seeded once, so every
 * list is the same); writes are the writer's: creates add tasks, updates go round a set of tasks,
 * deletes take a fresh set before each run (`task-pool.ts`).
 */
async function apiScenarios(backendUrl: string, reader: User, writer: User, pools: TaskPools) {
  const listPath = `/api/v1/tasks?limit=${settings.tasks}`;
  const listed = await call<TaskList>(backendUrl, 'GET', listPath, { token: reader.token });
  if (listed.items.length !== settings.tasks) throw new Error(`backend listed ${listed.items.length} tasks`);
  const taskPath = `/api/v1/tasks/${listed.items[Math.floor(settings.tasks / 2)]?.id}`;
  const edited = await pools.cycling(writer.userId, settings.updatePool);
  const deleted = pools.consumed(writer.userId, settings.deletePool);
  return {
    list: { title: `GET ${listPath}`, method: 'GET', path: listPath, token: reader.token },
    get: { title: 'GET /api/v1/tasks/:id', method: 'GET', path: taskPath, token: reader.token },
    create: {
      title: 'POST /api/v1/tasks',
      method: 'POST',
      path: '/api/v1/tasks',
      body: JSON.stringify({ title: 'Load [<id>]', priority: 'high' }),
      token: writer.token,
    },
    update: {
      title: 'PATCH /api/v1/tasks/:id',
      method: 'PATCH',
      path: '/api/v1/tasks/:id',
      body: JSON.stringify({ title: 'Edited [<id>]', completed: true }),
      token: writer.token,
      tasks: edited,
    },
    remove: { title: 'DELETE /api/v1/tasks/:id', method: 'DELETE', path: '/api/v1/tasks/:id', token: writer.token, tasks: deleted },
  } satisfies Record<string, Scenario>;
}

type BffResult = { built: false } | { built: true; measurements: Measurements; same: Record<string, boolean>; frontendStartMs: number };

/**
 * The path a browser's requests take: the built frontend server's `/api/v1/*` (session cookie in,
 * bearer token out), beside a bare `node:http` proxy doing the same in front of the same backend.
 */
async function measureBff(backendUrl: string, scenarios: Scenario[]): Promise<BffResult> {
  if (!existsSync(frontendServer)) {
    log('the frontend is not built (npm run build -w @todo/frontend): no BFF figures');
    return { built: false };
  }
  const frontend = await startFrontend(backendUrl);
  try {
    const proxy = await startBareProxy(backendUrl);
    try {
      const contenders: Contender[] = [
        { name: 'bff', url: frontend.url, pid: frontend.service.pid, kind: 'session' },
        { name: 'proxy', url: proxy.url, pid: proxy.service.pid, kind: 'session' },
      ];
      const same = await sameJson(contenders, scenarios);
      for (const [title, ok] of Object.entries(same)) if (!ok) log(`WARNING: BFF ${title}: the answers differ from the bare proxy's`);
      await warmUp(scenarios, contenders);
      const measurements = await alternateRounds({
        rounds: settings.rounds,
        scenarios,
        contenders,
        runLoad: (target) => load(target),
        log,
      });
      return { built: true, measurements, same, frontendStartMs: frontend.startToReadyMs };
    } finally {
      await proxy.service.stop('SIGTERM');
    }
  } finally {
    await frontend.service.stop('SIGTERM', 5_000);
  }
}

async function main() {
  const startedAt = new Date();
  log(`settings ${JSON.stringify(settings)}`);

  if (settings.skipBuild && existsSync(backendBundle)) log('using the existing backend bundle');
  else {
    log('building the backend bundle');
    buildBackend();
  }
  for (const { label, bundle } of settings.otherBuilds) {
    if (!existsSync(bundle))
      throw new Error(`BENCH_COMPARE: ${label}=${bundle} does not exist; build it first (docs/performance.md: compare two commits)`);
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
      const { profileFile, report } = await profileUnderLoad({
        env,
        log,
        ...settings,
        target: settings.profile,
        endpoint: settings.profileEndpoint,
      });
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
  let pools: TaskPools | undefined;
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

    pools = openTaskPools(database.url);
    const api = await apiScenarios(backend.url, reader, writer, pools);
    const scenarios = [api.list, api.get, api.create, api.update, api.remove];
    const contenders: Contender[] = [
      { name: 'backend', url: backend.url, pid: backend.service.pid, kind: 'backend' },
      ...others.map(({ label, running }): Contender => ({ name: label, url: running.url, pid: running.service.pid, kind: 'backend' })),
      { name: 'baseline', url: baseline.url, pid: baseline.service.pid, kind: 'baseline' },
    ];
    const same = await sameJson(contenders, scenarios);
    for (const [title, ok] of Object.entries(same)) if (!ok) log(`WARNING: ${title}: the answers differ; the ratios compare unequal work`);

    log('warm-up');
    await warmUp(scenarios, contenders);
    const underLoad = sampleRss(backend.service.pid);
    const measurements = await alternateRounds({ rounds: settings.rounds, scenarios, contenders, runLoad: (target) => load(target), log });
    const peakRss = underLoad.stop();
    log('GET /health/ready');
    const ready = await runLoad({
      title: 'GET /health/ready',
      url: `${backend.url}/health/ready`,
      connections: settings.connections,
      durationSeconds: settings.durationSeconds,
    });
    log('the BFF path: the frontend server beside a bare proxy');
    const bff = await measureBff(backend.url, [api.list, api.create]);

    const shutdownStarted = performance.now();
    const exitCode = await backend.service.stop('SIGTERM');
    const shutdownMs = performance.now() - shutdownStarted;
    for (const { running } of others) await running.service.stop('SIGTERM');
    await baseline.service.stop();
    baselineStop = undefined;
    await pools.close();
    pools = undefined;
    await database.close();

    log('frontend idle RSS');
    const frontend = await measureFrontendIdle(settings.idleSettleMs).catch((error: Error) => ({
      built: true as const,
      error: error.message,
    }));
    log('Pulumi program under mocks');
    const pulumi = pulumiEvaluation();

    const frontendRss = 'idleRssMiB' in frontend ? frontend.idleRssMiB : null;
    const frontendNote = !frontend.built ? 'not built' : 'error' in frontend ? `failed: ${frontend.error}` : 'unreadable';
    const pulumiMs = 'error' in pulumi ? null : pulumi.importMs + pulumi.renderMs;
    const c = settings.connections;
    const bffChecks: TargetCheck[] = bff.built
      ? [
          ...ratioChecks(bff.measurements, 'bff', 'proxy', {}, c),
          {
            name: 'BFF: same answers as the bare proxy (endpoints differing)',
            value: Object.values(bff.same).filter((ok) => !ok).length,
            unit: '',
            kind: 'atMost',
            limit: 0,
          },
        ]
      : [{ name: 'BFF path vs a bare proxy', value: null, unit: '%', kind: 'min', limit: 75, note: 'frontend not built' }];
    const checks: TargetCheck[] = [
      ...ratioChecks(measurements, 'backend', 'baseline', { cpu: 1.6 }, c),
      ...bffChecks,
      {
        name: 'same JSON as the baseline (endpoints differing)',
        value: Object.values(same).filter((ok) => !ok).length,
        unit: '',
        kind: 'atMost',
        limit: 0,
      },
      { name: 'backend start to ready (median)', value: median(startTimes), unit: 'ms', kind: 'max', limit: 1500 },
      { name: 'backend idle RSS', value: idleRss, unit: 'MiB', kind: 'max', limit: 100 },
      { name: 'frontend idle RSS', value: frontendRss, unit: 'MiB', kind: 'max', limit: 150, note: frontendNote },
      {
        name: 'Pulumi program under mocks (import + render)',
        value: pulumiMs,
        unit: 'ms',
        kind: 'max',
        limit: 3000,
        note: 'error' in pulumi ? pulumi.error : undefined,
      },
    ];
    const other = [
      ['backend peak RSS under load', peakRss === null ? 'n/a' : `${peakRss.toFixed(1)} MiB`],
      [
        'backend start-to-ready runs',
        `${startTimes.map((ms) => `${ms.toFixed(0)} ms`).join(', ')} (CPU used until ready: ${startCpu.map((ms) => `${ms.toFixed(0)} ms`).join(', ')})`,
      ],
      ['backend SIGTERM to exit (drain 0)', `${shutdownMs.toFixed(0)} ms, exit ${exitCode}`],
      ['frontend start to ready', 'startToReadyMs' in frontend ? `${frontend.startToReadyMs.toFixed(0)} ms` : frontendNote],
      [
        'Pulumi split',
        'error' in pulumi
          ? pulumi.error
          : `import ${pulumi.importMs.toFixed(0)} ms + render ${pulumi.renderMs.toFixed(0)} ms (CPU ${pulumi.cpuMs.toFixed(0)} ms), ${pulumi.resources} resources`,
      ],
      [
        'same JSON as baseline',
        Object.entries(same)
          .map(([title, ok]) => `${title}: ${ok}`)
          .join(', '),
      ],
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
      ...(bff.built ? [ratioTable(bff.measurements, 'proxy'), ''] : []),
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
      bff: bff.built
        ? Object.fromEntries([...bff.measurements].map(([title, byContender]) => [title, Object.fromEntries(byContender)]))
        : null,
      ready,
      backend: {
        startToReadyMs: startTimes,
        cpuToReadyMs: startCpu,
        idleRssMiB: round1(idleRss),
        peakRssMiB: round1(peakRss),
        shutdownMs,
        exitCode,
      },
      frontend,
      pulumi,
      sameJsonAsBaseline: same,
      table: text,
    };
    writeFileSync(join(__dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    log('wrote bench/results.json');
  } finally {
    await baselineStop?.();
    await pools?.close();
    for (const { running } of others) await running.service.stop('SIGKILL');
    await backend?.service.stop('SIGKILL');
    await database.close().catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
