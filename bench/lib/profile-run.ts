import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TaskList } from '@todo/contracts';
import { call, seedTasks, signUp } from './api';
import { repoRoot, startBackend, type RunningBackend } from './backend';
import { startBaseline } from './baseline';
import { startFrontend } from './frontend';
import { runLoad } from './load';
import { openTaskPools } from './task-pool';
import { baselinePath, SESSION_COOKIE } from './side-by-side';
import { fileLocationResolver, profileReport, summariseProfile, type CpuProfile } from './profile';

export const profileDir = join(repoRoot, 'bench/profiles');

/** Microseconds on CLOCK_MONOTONIC: the clock V8 stamps profile samples with, in every process. */
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

export type ProfileTarget = 'backend' | 'baseline' | 'bff';
export type ProfileEndpoint = 'list' | 'task' | 'update';

/** Tasks the `update` profile goes round, as many as the bench's PATCH load (more than the connections). */
const UPDATE_POOL = 500;

/**
 * `npm run bench -- --profile [baseline|bff] [task]`: the backend bundle (or the bare baseline, to
 * see what the floor spends its time on, or the built frontend server on the BFF path, with the
 * session cookie) under `node --cpu-prof`, loaded with `GET /tasks?limit=<tasks>` (the hot path the
 * targets are about), or with `GET /tasks/:id` given `task` (where the per-request cost shows). Node writes the profile when the process exits (SIGTERM →
 * shutdown → `process.exit`). Only samples taken while the measured load ran are counted, so
 * start-up, seeding and warm-up stay out of it. Returns the profile file and the printed report.
 */
export async function profileUnderLoad(options: {
  target: ProfileTarget;
  /** `list` (GET /tasks?limit=<tasks>), `task` (GET /tasks/:id) or `update` (PATCH /tasks/:id round a pool, as the bench does). */
  endpoint: ProfileEndpoint;
  env: { DATABASE_URL: string; JWT_SECRET: string } & NodeJS.ProcessEnv;
  tasks: number;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  log: (message: string) => void;
}): Promise<{ profileFile: string; report: string }> {
  mkdirSync(profileDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const name = `${options.target}-${stamp}.cpuprofile`;
  const nodeArgs = ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}`];
  // The baseline serves a user the backend signed up and seeded; only the profiled one is loaded.
  const backend: RunningBackend = await startBackend('backend', options.env, options.target === 'backend' ? { nodeArgs } : {});
  let profiled = backend.service;
  let window: { fromUs: number; toUs: number };
  let requests: number;
  try {
    const { token, userId } = await signUp(backend.url);
    await seedTasks(backend.url, token, options.tasks);
    const listed = await call<TaskList>(backend.url, 'GET', `/api/v1/tasks?limit=1`, { token });
    const path =
      options.endpoint === 'list'
        ? `/api/v1/tasks?limit=${options.tasks}`
        : options.endpoint === 'task'
          ? `/api/v1/tasks/${listed.items[0]?.id}`
          : '/api/v1/tasks/:id';
    const update = options.endpoint === 'update' ? await updateLoad(options.env.DATABASE_URL, userId) : undefined;
    let url = `${backend.url}${path}`;
    let headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (options.target === 'baseline') {
      const baseline = await startBaseline(options.env.DATABASE_URL, { userId, writeUserId: userId }, { nodeArgs });
      profiled = baseline.service;
      url = `${baseline.url}${baselinePath(path)}`;
      await backend.service.stop('SIGTERM');
    } else if (options.target === 'bff') {
      const frontend = await startFrontend(backend.url, { nodeArgs });
      profiled = frontend.service;
      url = `${frontend.url}${path}`;
      headers = { cookie: `${SESSION_COOKIE}=${token}` };
    }
    const load = (durationSeconds: number) =>
      runLoad({
        title: 'profile',
        url,
        headers: update ? { ...headers, 'content-type': 'application/json' } : headers,
        connections: options.connections,
        durationSeconds,
        ...(update ? { method: 'PATCH' as const, body: update.body, pathFor: () => url.replace(':id', update.next()) } : {}),
      });
    options.log('warm-up');
    await load(options.warmupSeconds);
    options.log(
      `profiling ${options.target}: ${update ? 'PATCH' : 'GET'} ${new URL(url).pathname}${new URL(url).search} for ${options.durationSeconds} s`,
    );
    const fromUs = monotonicUs();
    const result = await load(options.durationSeconds);
    window = { fromUs, toUs: monotonicUs() };
    requests = result.requests;
    options.log(`${result.requests} requests, ${result.requestsPerSecond.toFixed(0)} req/s, non-2xx ${result.non2xx}`);
  } finally {
    const exit = await profiled.stop('SIGTERM');
    await backend.service.stop('SIGTERM');
    if (exit !== 0) options.log(`${options.target} exited with ${exit}; the profile may be missing`);
  }
  const profileFile = join(profileDir, name);
  const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as CpuProfile;
  const report = profileReport(summariseProfile(profile, fileLocationResolver(repoRoot), 25, window), requests);
  writeFileSync(profileFile.replace(/\.cpuprofile$/, '.txt'), `${report}\n`);
  return { profileFile, report };
}

/** The bench's PATCH load (bench/run.ts `update`): the same body, round a pool of the user's tasks. */
async function updateLoad(databaseUrl: string, userId: string): Promise<{ body: string; next: () => string }> {
  const pools = openTaskPools(databaseUrl);
  try {
    const tasks = await pools.cycling(userId, UPDATE_POOL);
    return { body: JSON.stringify({ title: 'Edited [<id>]', completed: true }), next: () => tasks.next() };
  } finally {
    await pools.close();
  }
}
