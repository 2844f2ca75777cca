import { cpuMs } from '@todo/testkit/processes';
import { combineRounds, type LoadResult } from './load';

/**
 * Side-by-side measurement: every contender (the backend, the bare baseline, optionally another
 * build of the backend; or the frontend's BFF and a bare proxy) takes its turn on every endpoint in every round, so whatever else the
 * machine does at the time hits them alike. Ratios to the baseline are what the targets judge.
 */

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** One endpoint as the bench loads it. */
export interface Scenario {
  /** As shown in the tables, e.g. `GET /api/v1/tasks?limit=50`. */
  title: string;
  method: Method;
  /** Path with `/api/v1` (the baseline serves it without); `:id` is replaced by `tasks.next()` per request. */
  path: string;
  /** Request body; `[<id>]` becomes a fresh random id per request. */
  body?: string;
  /** The user's token: a bearer header to the backend, the session cookie to a frontend (writes use a second user, so the list stays as seeded). */
  token: string;
  /** The tasks `:id` names, one per request (a pool: see `task-pool.ts`). */
  tasks?: TaskSource;
}

export interface TaskSource {
  next(): string;
  /** Before each load run: e.g. a fresh pool of tasks to delete. */
  refill?(): Promise<void>;
}

/**
 * - `backend`: the API itself (`/api/v1`, bearer token);
 * - `baseline`: the bare `node:http` + `pg` server (no prefix, no auth);
 * - `session`: something a browser talks to (the frontend's BFF, the bare proxy), with the session
 *   cookie and, on writes, the page's Origin, as a browser sends them.
 */
export type ContenderKind = 'backend' | 'baseline' | 'session';

export interface Contender {
  /** `backend`, `baseline`, `bff`, `proxy`, or the label of another backend build. */
  name: string;
  url: string;
  pid: number;
  kind: ContenderKind;
}

export interface SideBySide {
  load: LoadResult;
  /** Server CPU (user + system, from /proc) per request: unlike req/s, barely moved by other work. */
  cpuUsPerRequest: number;
}

/** Results by scenario title, then contender name. */
export type Measurements = Map<string, Map<string, SideBySide>>;

/** The name of the browser's session cookie (apps/frontend/src/lib/session.ts). */
export const SESSION_COOKIE = 'todo_session';

export const baselinePath = (path: string) => path.replace(/^\/api\/v1/, '');

export interface LoadTarget {
  url: string;
  method: Method;
  headers: Record<string, string>;
  body?: string;
  /** When the scenario names a task: the path of each request in turn. */
  pathFor?: () => string;
}

export type RunLoad = (target: LoadTarget) => Promise<LoadResult>;

/** The request a contender gets for a scenario. */
export function requestFor(scenario: Scenario, contender: Contender): LoadTarget {
  const headers: Record<string, string> = {};
  if (contender.kind === 'backend') headers.authorization = `Bearer ${scenario.token}`;
  if (contender.kind === 'session') {
    headers.cookie = `${SESSION_COOKIE}=${scenario.token}`;
    if (scenario.method !== 'GET') headers.origin = contender.url;
  }
  if (scenario.body !== undefined) headers['content-type'] = 'application/json';
  const path = contender.kind === 'baseline' ? baselinePath(scenario.path) : scenario.path;
  const { tasks } = scenario;
  const pathFor = tasks && path.includes(':id') ? () => path.replace(':id', tasks.next()) : undefined;
  return { url: `${contender.url}${path}`, method: scenario.method, headers, body: scenario.body, ...(pathFor ? { pathFor } : {}) };
}

/**
 * Runs `rounds` rounds; in each, every scenario is loaded on every contender in turn. Returns each
 * contender's rounds combined (see `combineRounds`) with its CPU per request.
 */
export async function alternateRounds(options: {
  rounds: number;
  scenarios: Scenario[];
  contenders: Contender[];
  runLoad: RunLoad;
  readCpuMs?: (pid: number) => number | null;
  log?: (message: string) => void;
}): Promise<Measurements> {
  const readCpu = options.readCpuMs ?? cpuMs;
  const raw = new Map<string, Map<string, { rounds: LoadResult[]; cpuMs: number }>>();
  for (let round = 1; round <= Math.max(1, options.rounds); round += 1) {
    for (const scenario of options.scenarios) {
      options.log?.(`round ${round}: ${scenario.title}`);
      const byContender = raw.get(scenario.title) ?? new Map<string, { rounds: LoadResult[]; cpuMs: number }>();
      raw.set(scenario.title, byContender);
      for (const contender of options.contenders) {
        await scenario.tasks?.refill?.();
        const before = readCpu(contender.pid) ?? NaN;
        const result = await options.runLoad(requestFor(scenario, contender));
        const entry = byContender.get(contender.name) ?? { rounds: [], cpuMs: 0 };
        entry.rounds.push(result);
        entry.cpuMs += (readCpu(contender.pid) ?? NaN) - before;
        byContender.set(contender.name, entry);
      }
    }
  }
  const measurements: Measurements = new Map();
  for (const [title, byContender] of raw) {
    const combined = new Map<string, SideBySide>();
    for (const [name, entry] of byContender) {
      const load = combineRounds(`${title} (${name})`, entry.rounds);
      combined.set(name, { load, cpuUsPerRequest: (entry.cpuMs * 1000) / load.requests });
    }
    measurements.set(title, combined);
  }
  return measurements;
}

export interface Ratios {
  /** Contender throughput as a percentage of the baseline's. */
  throughputPercent: number;
  /** Contender CPU per request divided by the baseline's. */
  cpuRatio: number;
  /** Contender p99 divided by the baseline's. */
  p99Ratio: number;
}

export function ratiosTo(baseline: SideBySide, contender: SideBySide): Ratios {
  return {
    throughputPercent: (contender.load.requestsPerSecond / baseline.load.requestsPerSecond) * 100,
    cpuRatio: contender.cpuUsPerRequest / baseline.cpuUsPerRequest,
    p99Ratio: contender.load.p99Ms / baseline.load.p99Ms,
  };
}

export interface OtherBuild {
  label: string;
  /** The `dist/main.js` of another checkout, run with that checkout's node_modules. */
  bundle: string;
}

/**
 * `BENCH_COMPARE=before=../todo-before/apps/backend/dist/main.js[,label=path...]`: other builds of
 * the backend, each a contender in every round. Labels name the table rows.
 */
export function parseOtherBuilds(value: string | undefined): OtherBuild[] {
  if (!value?.trim()) return [];
  const builds = value.split(',').map((entry) => {
    const at = entry.indexOf('=');
    const label = entry.slice(0, at).trim();
    const bundle = entry.slice(at + 1).trim();
    if (at <= 0 || !bundle) throw new Error(`BENCH_COMPARE: "${entry}" is not label=path/to/dist/main.js`);
    if (label === 'backend' || label === 'baseline') throw new Error(`BENCH_COMPARE: the label "${label}" is taken; choose another`);
    return { label, bundle };
  });
  const labels = builds.map((build) => build.label);
  const repeated = labels.find((label, i) => labels.indexOf(label) !== i);
  if (repeated) throw new Error(`BENCH_COMPARE: the label "${repeated}" is used twice`);
  return builds;
}
