import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedTasks, signUp } from './api';
import { repoRoot, startBackend } from './backend';
import { runLoad } from './load';
import { fileLocationResolver, profileReport, summariseProfile, type CpuProfile } from './profile';

export const profileDir = join(repoRoot, 'bench/profiles');

/** Microseconds on CLOCK_MONOTONIC: the clock V8 stamps profile samples with, in every process. */
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

/**
 * `npm run bench -- --profile`: the backend bundle under `node --cpu-prof`, loaded with
 * `GET /api/v1/tasks?limit=<tasks>` (the hot path the targets are about). Node writes the profile
 * when the process exits (SIGTERM → the backend's shutdown → `process.exit`). Only samples taken
 * while the measured load ran are counted, so start-up, seeding and warm-up stay out of it.
 * Returns the profile file and the printed report.
 */
export async function profileUnderLoad(options: {
  env: { DATABASE_URL: string; JWT_SECRET: string } & NodeJS.ProcessEnv;
  tasks: number;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  log: (message: string) => void;
}): Promise<{ profileFile: string; report: string }> {
  mkdirSync(profileDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const name = `backend-${stamp}.cpuprofile`;
  const backend = await startBackend('backend-profiled', options.env, {
    nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}`],
  });
  let window: { fromUs: number; toUs: number };
  try {
    const { token } = await signUp(backend.url);
    await seedTasks(backend.url, token, options.tasks);
    const load = (durationSeconds: number) =>
      runLoad({
        title: 'profile',
        url: `${backend.url}/api/v1/tasks?limit=${options.tasks}`,
        headers: { authorization: `Bearer ${token}` },
        connections: options.connections,
        durationSeconds,
      });
    options.log('warm-up');
    await load(options.warmupSeconds);
    options.log(`profiling GET /api/v1/tasks?limit=${options.tasks} for ${options.durationSeconds} s`);
    const fromUs = monotonicUs();
    const result = await load(options.durationSeconds);
    window = { fromUs, toUs: monotonicUs() };
    options.log(`${result.requests} requests, ${result.requestsPerSecond.toFixed(0)} req/s, non-2xx ${result.non2xx}`);
  } finally {
    const exit = await backend.service.stop('SIGTERM');
    if (exit !== 0) options.log(`backend exited with ${exit}; the profile may be missing`);
  }
  const profileFile = join(profileDir, name);
  const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as CpuProfile;
  const report = profileReport(summariseProfile(profile, fileLocationResolver(repoRoot), 25, window));
  writeFileSync(profileFile.replace(/\.cpuprofile$/, '.txt'), `${report}\n`);
  return { profileFile, report };
}
