import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildImage, docker } from './docker';
import { buildStepsCgroup, measureBuild, type MemoryPeak } from './build-memory';
import { loadWorkload, repoRoot, type AppName } from './workload';

/**
 * Issue 10, item 8: how much memory each image build needs at its peak, the figure behind the
 * Minikube size in docs/deploy.md (`--memory 4096`) and behind building the two images one after the other
 * (the program's frontend image waits for the backend image). Each build runs from scratch
 * (`--no-cache`; BuildKit's npm cache mount may still be warm, so npm downloads less than on a
 * brand-new node) with the inputs the Pulumi program declares.
 */
jest.setTimeout(1_800_000);

const peaks = {} as Record<AppName, MemoryPeak & { seconds: number }>;

beforeAll(async () => {
  const info = await docker(['info', '--format', '{{.ServerVersion}}'], 20_000);
  if (info.code !== 0) throw new Error('No Docker engine answers: run `bash .ci/docker.sh` first (it installs and starts one).');
  if (!buildStepsCgroup())
    throw new Error("No docker memory cgroup under /sys/fs/cgroup: the build's memory cannot be read on this machine.");
});

afterAll(() => {
  mkdirSync(join(repoRoot, 'artifacts'), { recursive: true });
  writeFileSync(join(repoRoot, 'artifacts', 'containers-build-memory.json'), `${JSON.stringify(peaks, null, 2)}\n`);
});

describe('image build peak memory (one build at a time, as the program orders them)', () => {
  it.each<AppName>(['backend', 'frontend'])(
    'when the %s image is built from scratch, then its peak memory is measured and recorded',
    async (app) => {
      const workload = await loadWorkload(app);
      const { result: seconds, peak } = await measureBuild(() => buildImage(workload, `todo-${app}:build-memory`, ['--no-cache']));
      peaks[app] = { ...peak, seconds: Math.round(seconds) };
      console.log(
        `${app} build: ${Math.round(seconds)} s, steps peak RSS ${peak.stepsRssMiB} MiB (${peak.stepsWithCacheMiB} MiB with page cache), dockerd +${peak.dockerdGrowthMiB} MiB, ${peak.samples} samples`,
      );
      expect(peak.samples).toBeGreaterThan(3);
      // A build step that ran at all (npm ci) holds well over 50 MiB: a zero means the cgroup read failed.
      expect(peak.stepsRssMiB).toBeGreaterThan(50);
    },
  );
});
