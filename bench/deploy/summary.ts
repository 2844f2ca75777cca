import { markdownTable, type TargetCheck } from '../lib/report';

/**
 * The deploy loop's figures (`npm run bench:deploy`): each scenario run N times, every phase's
 * median and spread, and the targets against the medians. Pure: bench/deploy/main.ts
 * measures, this only summarises and prints.
 */

/** The phases one loop is split into, in the order they happen; seconds each. */
export const PHASES = ['build backend', 'build frontend', 'wrapper checks', 'engine (program, preview, update)', 'migration Job'] as const;
export type Phase = (typeof PHASES)[number];

/** One run of one scenario: the phases' seconds, and the whole loop from the change to `npm run deploy`'s exit. */
export interface Sample {
  phases: Partial<Record<Phase, number>>;
  /** Seconds from the saved change to the deploy's exit (pods ready: the provider awaits the rollouts). */
  total: number;
  /** Seconds of `npm run deploy` alone (the loop minus the image builds). */
  deploy: number;
}

export interface ScenarioResult {
  name: string;
  /** How the images reached the cluster in this run (`image reference`: built by the bench's `docker build`). */
  path: string;
  samples: Sample[];
}

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function spread(values: readonly number[]): Spread | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted.at(-1) as number };
}

const seconds = (s: Spread | undefined) =>
  s === undefined
    ? '-'
    : s.min === s.max
      ? `${s.median.toFixed(1)} s`
      : `${s.median.toFixed(1)} s (${s.min.toFixed(1)}-${s.max.toFixed(1)})`;

/** One row per scenario: the loop, `npm run deploy` alone, then each phase (median, and min-max when runs differ). */
export function deployTable(results: readonly ScenarioResult[]): string {
  return markdownTable([
    ['scenario', 'path', 'runs', 'change → pods ready', 'npm run deploy', ...PHASES],
    ...results.map((r) => [
      r.name,
      r.path,
      String(r.samples.length),
      seconds(spread(r.samples.map((s) => s.total))),
      seconds(spread(r.samples.map((s) => s.deploy))),
      ...PHASES.map((phase) => seconds(spread(r.samples.flatMap((s) => (s.phases[phase] === undefined ? [] : [s.phases[phase]]))))),
    ]),
  ]);
}

/** Seconds a change may add to its image build alone (the "docker build + 8 s"). */
export const OVER_BUILD_LIMIT_S = 8;
export const NO_OP_LIMIT_S = 8;
export const COLD_LIMIT_S = 240;

/**
 * The targets, on the medians: a no-op deploy ≤ 8 s; each change's loop ≤ its own image build(s)
 * + 8 s (so the figure is the loop minus the builds: what the deploy adds over the floor); a cold
 * deploy ≤ 4 min. A scenario that was not run is "not measured".
 */
export function deployTargets(results: readonly ScenarioResult[]): TargetCheck[] {
  const find = (name: string) => results.find((r) => r.name === name);
  const median = (r: ScenarioResult | undefined, pick: (s: Sample) => number) =>
    r === undefined ? null : (spread(r.samples.map(pick))?.median ?? null);
  const overBuild = (s: Sample) => s.total - (s.phases['build backend'] ?? 0) - (s.phases['build frontend'] ?? 0);
  const check = (name: string, value: number | null, limit: number): TargetCheck => ({
    name,
    value,
    unit: 's',
    kind: 'atMost',
    limit,
    note: value === null ? 'not run' : undefined,
  });
  return [
    check(
      'no-op deploy',
      median(find('no-op'), (s) => s.total),
      NO_OP_LIMIT_S,
    ),
    check('backend change: loop minus its docker build', median(find('backend change'), overBuild), OVER_BUILD_LIMIT_S),
    check('frontend change: loop minus its docker build', median(find('frontend change'), overBuild), OVER_BUILD_LIMIT_S),
    check('contracts change: loop minus both builds', median(find('contracts change'), overBuild), OVER_BUILD_LIMIT_S),
    check(
      'cold deploy (empty build cache)',
      median(find('cold'), (s) => s.total),
      COLD_LIMIT_S,
    ),
  ];
}
