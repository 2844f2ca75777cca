import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fileLocationResolver, packageOf, profileReport, selfTimeByNode, summariseProfile, type CpuProfile } from './profile';

const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber, columnNumber: 0 });

/** root → handler (two call paths) and a library frame; each sample lasts until the next one. */
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)') },
    { id: 2, callFrame: frame('(idle)') },
    { id: 3, callFrame: frame('handler', 'file:///app/node_modules/@scope/lib/index.js', 4) },
    { id: 4, callFrame: frame('handler', 'file:///app/node_modules/@scope/lib/index.js', 4) },
    { id: 5, callFrame: frame('emit', 'node:events') },
    { id: 6, callFrame: frame('(garbage collector)') },
  ],
  startTime: 0,
  endTime: 1000,
  samples: [3, 4, 5, 2, 6, 3],
  timeDeltas: [0, 100, 200, 300, 400, 500],
};

describe('selfTimeByNode', () => {
  it('when samples are taken, then each sample is charged the time until the next one', () => {
    expect(Object.fromEntries(selfTimeByNode(profile))).toEqual({ 3: 100, 4: 200, 5: 300, 2: 400, 6: 500 });
  });

  it('when a window is given, then only samples taken inside it count', () => {
    // Samples are taken at 0, 100, 300, 600, 1000 and 1500 µs.
    expect(Object.fromEntries(selfTimeByNode(profile, { fromUs: 100, toUs: 600 }))).toEqual({ 4: 200, 5: 300, 2: 400 });
  });
});

describe('summariseProfile', () => {
  const resolve = (callFrame: CpuProfile['nodes'][number]['callFrame']) => ({
    where: callFrame.url ? `${callFrame.url}:${callFrame.lineNumber + 1}` : '',
    packageName: callFrame.url.includes('@scope/lib') ? '@scope/lib' : callFrame.url ? 'node (core)' : callFrame.functionName,
  });

  it('when one function appears under two call paths, then its self time is added up and idle is kept apart', () => {
    const summary = summariseProfile(profile, resolve);

    expect(summary.busyMs).toBe(1.1);
    expect(summary.idleMs).toBe(0.4);
    expect(summary.byPackage).toEqual([
      { packageName: '(garbage collector)', selfMs: 0.5 },
      { packageName: '@scope/lib', selfMs: 0.3 },
      { packageName: 'node (core)', selfMs: 0.3 },
    ]);
    expect(summary.topFrames[0]).toEqual({
      functionName: '(garbage collector)',
      where: '',
      packageName: '(garbage collector)',
      selfMs: 0.5,
    });
    expect(summary.topFrames).toContainEqual({
      functionName: 'handler',
      where: 'file:///app/node_modules/@scope/lib/index.js:5',
      packageName: '@scope/lib',
      selfMs: 0.3,
    });
  });

  it('when the report is printed, then packages and frames come with their share of busy time', () => {
    const report = profileReport(summariseProfile(profile, resolve));

    expect(report).toContain('| (garbage collector) | 1 ms      | 45.5 % |');
    expect(report.split('\n')[0]).toBe('CPU profile: 1 ms busy, 0 ms idle (self time; shares of busy time)');
  });

  it('when the number of requests is known, then each row says what it costs per request', () => {
    const report = profileReport(summariseProfile(profile, resolve), 10);

    expect(report.split('\n')[0]).toBe(
      'CPU profile: 1 ms busy, 0 ms idle, 10 requests (110 µs busy per request) (self time; shares of busy time)',
    );
    expect(report).toContain('| (garbage collector) | 1 ms      | 50.0 µs     | 45.5 % |');
  });
});

describe('packageOf', () => {
  it.each([
    ['/r/node_modules/express/lib/router.js', 'express'],
    ['/r/node_modules/@prisma/client/runtime/x.js', '@prisma/client'],
    ['/r/node_modules/a/node_modules/b/index.js', 'b'],
  ])('when the file is %s, then the package is %s', (file, name) => {
    expect(packageOf(file)).toBe(name);
  });

  it('when the file is outside node_modules, then the nearest package.json names it', () => {
    const names: Record<string, string> = { '/r/apps/backend/package.json': '@todo/backend' };
    expect(packageOf('/r/apps/backend/src/tasks/x.ts', (path) => names[path])).toBe('@todo/backend');
  });
});

describe('fileLocationResolver', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'profile-test-'));
    mkdirSync(join(dir, 'app/dist'), { recursive: true });
    mkdirSync(join(dir, 'app/src'), { recursive: true });
    writeFileSync(join(dir, 'app/package.json'), JSON.stringify({ name: '@todo/app' }));
    writeFileSync(join(dir, 'app/dist/main.js'), 'a;\nb;\n');
    // Generated line 1 → ../src/a.ts line 1; generated line 2 → line 2 of the same source.
    writeFileSync(
      join(dir, 'app/dist/main.js.map'),
      JSON.stringify({ version: 3, sources: ['../src/a.ts'], names: [], mappings: 'AAAA;AACA' }),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('when a frame is in a bundle with a source map, then it is reported at its original file and package', () => {
    const resolve = fileLocationResolver(dir);
    const url = pathToFileURL(join(dir, 'app/dist/main.js')).href;

    expect(resolve(frame('f', url, 1))).toEqual({ where: 'app/src/a.ts:2', packageName: '@todo/app' });
  });

  it('when a frame is a V8 pseudo-frame, a builtin or node core, then it is grouped under that name', () => {
    const resolve = fileLocationResolver(dir);

    expect(resolve(frame('(garbage collector)'))).toEqual({ where: '', packageName: '(garbage collector)' });
    expect(resolve(frame('stringify'))).toEqual({ where: '', packageName: '(native)' });
    expect(resolve(frame('emit', 'node:events'))).toEqual({ where: 'node:events', packageName: 'node (core)' });
  });
});
