import * as fs from 'node:fs';

/**
 * Peak memory of an image build, as a Minikube node would have to hold it. Two parts are sampled
 * every `intervalMs` while the build runs:
 * - the build steps (`RUN npm ci`, `RUN next build`, ...): BuildKit inside dockerd runs each in a
 *   container under the `docker/buildkit` memory cgroup (cgroupfs driver; `docker/` as the parent
 *   when the buildkit one is not there yet), read from `memory.stat` as RSS (`total_rss`) and as RSS
 *   plus page cache (`total_rss` + `total_cache`);
 * - dockerd itself (the BuildKit solver, the build context it receives): its VmRSS above what it
 *   held before the build.
 * cgroup v1 (this machine and Minikube's ISO) and v2 (`memory.current`/`memory.stat` `anon`) are read.
 */
export interface MemoryPeak {
  /** Largest RSS of the build steps together, MiB. */
  stepsRssMiB: number;
  /** Largest RSS + page cache of the build steps, MiB (cache is reclaimable but competes for RAM). */
  stepsWithCacheMiB: number;
  /** Largest growth of dockerd's RSS over its level before the build, MiB. */
  dockerdGrowthMiB: number;
  samples: number;
}

const MiB = 1024 * 1024;

function readStat(dir: string): { rss: number; cache: number } | undefined {
  const file = `${dir}/memory.stat`;
  if (!fs.existsSync(file)) return undefined;
  const stat = Object.fromEntries(
    fs
      .readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => {
        const [key, value] = line.split(' ');
        return [key, Number(value)];
      }),
  ) as Record<string, number>;
  // cgroup v1 hierarchical totals, else cgroup v2 (already hierarchical).
  const rss = stat.total_rss ?? stat.anon ?? 0;
  const cache = stat.total_cache ?? stat.file ?? 0;
  return { rss, cache };
}

/** The cgroup the build steps run in, on this machine. */
export function buildStepsCgroup(): string | undefined {
  for (const dir of [
    '/sys/fs/cgroup/memory/docker/buildkit',
    '/sys/fs/cgroup/memory/docker',
    '/sys/fs/cgroup/docker/buildkit',
    '/sys/fs/cgroup/docker',
  ]) {
    if (fs.existsSync(`${dir}/memory.stat`)) return dir;
  }
  return undefined;
}

function dockerdRss(pid: number | undefined): number {
  if (pid === undefined) return 0;
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
}

export function dockerdPid(): number | undefined {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'dockerd') return Number(entry);
    } catch {
      // The process ended while we looked.
    }
  }
  return undefined;
}

/** Samples while `build` runs; resolves to its result and the peaks. */
export async function measureBuild<T>(build: () => Promise<T>, intervalMs = 250): Promise<{ result: T; peak: MemoryPeak }> {
  const pid = dockerdPid();
  const baseline = dockerdRss(pid);
  const peak: MemoryPeak = { stepsRssMiB: 0, stepsWithCacheMiB: 0, dockerdGrowthMiB: 0, samples: 0 };
  const sample = () => {
    const dir = buildStepsCgroup();
    const steps = dir ? readStat(dir) : undefined;
    if (steps) {
      peak.stepsRssMiB = Math.max(peak.stepsRssMiB, steps.rss / MiB);
      peak.stepsWithCacheMiB = Math.max(peak.stepsWithCacheMiB, (steps.rss + steps.cache) / MiB);
    }
    peak.dockerdGrowthMiB = Math.max(peak.dockerdGrowthMiB, (dockerdRss(pid) - baseline) / MiB);
    peak.samples += 1;
  };
  const timer = setInterval(sample, intervalMs);
  try {
    const result = await build();
    sample();
    return {
      result,
      peak: {
        ...peak,
        stepsRssMiB: Math.round(peak.stepsRssMiB),
        stepsWithCacheMiB: Math.round(peak.stepsWithCacheMiB),
        dockerdGrowthMiB: Math.round(peak.dockerdGrowthMiB),
      },
    };
  } finally {
    clearInterval(timer);
  }
}
