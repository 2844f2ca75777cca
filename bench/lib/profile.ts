import { existsSync, readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { markdownTable } from './report';

/**
 * Reads a V8 CPU profile (`node --cpu-prof`, the `.cpuprofile` format Chrome DevTools opens) and
 * answers "where does the CPU go": self time per function and per package. Frames of a bundle with
 * a source map (the backend's `dist/main.js`) are mapped back to their original file, so code that
 * esbuild inlined (`@todo/contracts`, jose, the backend's own modules) is told apart.
 */

export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  /** The node id on top of the stack at each sample. */
  samples: number[];
  /** Microseconds since the previous sample (the first: since `startTime`). */
  timeDeltas: number[];
}

/** Where a frame's code lives, after source maps. */
export interface FrameLocation {
  /** `file:line` for display (repository-relative where possible). */
  where: string;
  /**
   * npm package name, `node (core)`, a V8 pseudo-frame such as `(garbage collector)`, or `(native)`:
   * frames with no script, i.e. V8 builtins (`stringify`) and C++ bindings (`writev` on a socket).
   */
  packageName: string;
}

export type ResolveLocation = (frame: CpuProfileNode['callFrame']) => FrameLocation;

export interface ProfileSummary {
  /** Sampled time, idle excluded, in milliseconds. */
  busyMs: number;
  idleMs: number;
  byPackage: { packageName: string; selfMs: number }[];
  topFrames: { functionName: string; where: string; packageName: string; selfMs: number }[];
}

const pseudoFrames = new Set(['(root)', '(program)', '(idle)', '(garbage collector)']);

/** A span of the profile's clock (microseconds, CLOCK_MONOTONIC on Linux: `process.hrtime`). */
export interface SampleWindow {
  fromUs: number;
  toUs: number;
}

/**
 * Self time in microseconds per node id: each sample lasts until the next one is taken. With a
 * window, only samples taken inside it count.
 */
export function selfTimeByNode(profile: CpuProfile, window?: SampleWindow): Map<number, number> {
  const self = new Map<number, number>();
  const { samples, timeDeltas } = profile;
  let at = profile.startTime;
  for (let i = 0; i < samples.length; i += 1) {
    at += timeDeltas[i] ?? 0;
    if (window && (at < window.fromUs || at > window.toUs)) continue;
    const next = timeDeltas[i + 1] ?? 0;
    const id = samples[i] as number;
    self.set(id, (self.get(id) ?? 0) + Math.max(0, next));
  }
  return self;
}

export function summariseProfile(
  profile: CpuProfile,
  resolveLocation: ResolveLocation,
  topCount = 25,
  window?: SampleWindow,
): ProfileSummary {
  const self = selfTimeByNode(profile, window);
  // Summed in whole microseconds (what V8 records), converted to milliseconds at the end.
  const frames = new Map<string, ProfileSummary['topFrames'][number]>();
  const packages = new Map<string, number>();
  let idleUs = 0;
  for (const node of profile.nodes) {
    const us = self.get(node.id) ?? 0;
    if (us === 0) continue;
    if (node.callFrame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    const location = resolveLocation(node.callFrame);
    const functionName = node.callFrame.functionName || '(anonymous)';
    // One function reached through several call paths is several nodes: add them up.
    const key = `${functionName}@${location.where}`;
    const frame = frames.get(key) ?? { functionName, where: location.where, packageName: location.packageName, selfMs: 0 };
    frame.selfMs += us;
    frames.set(key, frame);
    packages.set(location.packageName, (packages.get(location.packageName) ?? 0) + us);
  }
  const byPackage = [...packages]
    .map(([packageName, us]) => ({ packageName, selfMs: us / 1000 }))
    .sort((a, b) => b.selfMs - a.selfMs || a.packageName.localeCompare(b.packageName));
  const busyUs = [...packages.values()].reduce((sum, us) => sum + us, 0);
  return {
    busyMs: busyUs / 1000,
    idleMs: idleUs / 1000,
    byPackage,
    topFrames: [...frames.values()]
      .map((frame) => ({ ...frame, selfMs: frame.selfMs / 1000 }))
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, topCount),
  };
}

/**
 * The two tables `npm run bench -- --profile` prints. With the number of requests served while
 * sampling, each row also says how many microseconds it costs per request.
 */
export function profileReport(summary: ProfileSummary, requests?: number): string {
  const percent = (ms: number) => `${((ms / summary.busyMs) * 100).toFixed(1)} %`;
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  const perRequest = (value: number) => (requests ? [`${((value * 1000) / requests).toFixed(1)} µs`] : []);
  const perRequestHeader = requests ? ['per request'] : [];
  return [
    `CPU profile: ${ms(summary.busyMs)} busy, ${ms(summary.idleMs)} idle` +
      (requests ? `, ${requests} requests (${((summary.busyMs * 1000) / requests).toFixed(0)} µs busy per request)` : '') +
      ' (self time; shares of busy time)',
    '',
    markdownTable([
      ['package', 'self time', ...perRequestHeader, 'share'],
      ...summary.byPackage.map((entry) => [entry.packageName, ms(entry.selfMs), ...perRequest(entry.selfMs), percent(entry.selfMs)]),
    ]),
    '',
    markdownTable([
      ['self time', ...perRequestHeader, 'share', 'function', 'where', 'package'],
      ...summary.topFrames.map((frame) => [
        ms(frame.selfMs),
        ...perRequest(frame.selfMs),
        percent(frame.selfMs),
        frame.functionName,
        frame.where,
        frame.packageName,
      ]),
    ]),
  ].join('\n');
}

/** The package a file belongs to: the innermost `node_modules/<name>`, else the nearest package.json's name. */
export function packageOf(file: string, readPackageName: (packageJson: string) => string | undefined = readName): string {
  const parts = file.split(sep);
  const last = parts.lastIndexOf('node_modules');
  if (last >= 0 && parts[last + 1]) {
    const name = parts[last + 1] as string;
    return name.startsWith('@') && parts[last + 2] ? `${name}/${parts[last + 2]}` : name;
  }
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const name = readPackageName(join(dir, 'package.json'));
    if (name) return name;
    if (dirname(dir) === dir) return '(unknown)';
  }
}

function readName(packageJson: string): string | undefined {
  if (!existsSync(packageJson)) return undefined;
  return (JSON.parse(readFileSync(packageJson, 'utf8')) as { name?: string }).name;
}

/** Resolves frames against the files on this machine, through `<file>.map` when the file has one. */
export function fileLocationResolver(root: string): ResolveLocation {
  const maps = new Map<string, SourceMap | null>();
  const packageNames = new Map<string, string>();
  const sourceMapOf = (file: string) => {
    if (!maps.has(file)) {
      const mapFile = `${file}.map`;
      maps.set(file, existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8')) as SourceMapPayload) : null);
    }
    return maps.get(file) ?? null;
  };
  const located = (file: string, line: number): FrameLocation => {
    let packageName = packageNames.get(file);
    if (packageName === undefined) {
      packageName = packageOf(file);
      packageNames.set(file, packageName);
    }
    const shown = file.startsWith(root) ? relative(root, file) : file;
    return { where: `${shown}:${line + 1}`, packageName };
  };
  return (frame) => {
    const { url, lineNumber, columnNumber, functionName } = frame;
    if (!url) return { where: '', packageName: pseudoFrames.has(functionName) ? functionName : '(native)' };
    if (url.startsWith('node:')) return { where: url, packageName: 'node (core)' };
    if (!url.startsWith('file://')) return { where: url, packageName: '(other)' };
    const file = fileURLToPath(url);
    const entry = sourceMapOf(file)?.findEntry(lineNumber, columnNumber);
    if (entry && 'originalSource' in entry && entry.originalSource) {
      const original = entry.originalSource.startsWith('file://')
        ? fileURLToPath(entry.originalSource)
        : resolve(dirname(file), entry.originalSource);
      return located(original, entry.originalLine);
    }
    return located(file, lineNumber);
  };
}
