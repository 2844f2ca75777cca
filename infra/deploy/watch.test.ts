import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DeployWatcher, formatReport, INTERRUPTED_EXIT, summarizePaths, watchDeployArgs, type WatchReport } from './watch';
import { watchTree } from './watch-files';
import { deployFingerprint, SKIPPED_DIRS, watchedEntries } from './watch-fingerprint';

/**
 * The loop on a real temporary repository: real files, real `fs.watch` (watch-files.ts), the real
 * fingerprint; only the deploy is a fake whose calls are counted and whose end each test controls.
 * Waits are on the loop's own reports; the only sleeps are the short quiet periods after which a
 * test checks that nothing more happened.
 */

const DEBOUNCE_MS = 40;
/** Long enough for any stray event to have been debounced and looked at. */
const QUIET_MS = DEBOUNCE_MS * 5;
const STACK = 'dev';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function makeRepo(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'watch-test-'));
  const files: Record<string, string> = {
    'apps/backend/Dockerfile': 'FROM node\nCOPY package.json ./\nCOPY apps/backend apps/backend\n',
    'apps/backend/src/main.ts': 'export const a = 1;\n',
    'apps/frontend/Dockerfile': 'FROM node\nCOPY package.json ./\nCOPY apps/frontend apps/frontend\n',
    'apps/frontend/src/page.ts': 'export const b = 1;\n',
    '.dockerignore': '**/node_modules\n**/*.test.ts\ninfra\n',
    'package.json': '{}\n',
    'index.ts': "import './infra/stack';\n",
    'infra/stack.ts': 'export const replicas = 1;\n',
    'infra/testing/helper.ts': 'export const helper = 1;\n',
    'Pulumi.yaml': 'name: todo\n',
    'Pulumi.dev.yaml': 'config: {}\n',
    'docs/x.md': '# x\n',
  };
  for (const [rel, body] of Object.entries(files)) write(root, rel, body);
  return root;
}

function write(root: string, rel: string, body: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), body);
}

/** A deploy whose result each test sets per call; by default it succeeds at once. */
class FakeDeploy {
  calls = 0;
  private readonly results: (() => Promise<number>)[] = [];

  /** The next call waits for `release(code)`. */
  hold(): { release: (code: number) => void } {
    let release: (code: number) => void = () => undefined;
    const result = new Promise<number>((resolve) => (release = resolve));
    this.results.push(() => result);
    return { release: (code) => release(code) };
  }

  /** The next call resolves (or rejects) with this. */
  then(result: () => Promise<number>): void {
    this.results.push(result);
  }

  run = (): Promise<number> => {
    this.calls += 1;
    return (this.results.shift() ?? (() => Promise.resolve(0)))();
  };
}

interface Harness {
  root: string;
  deploy: FakeDeploy;
  watcher: DeployWatcher;
  reports: WatchReport[];
  /** Resolves with the first report (from now on, or already seen if `seen`) that matches; fails listing what came instead. */
  waitFor: (what: string, match: (report: WatchReport) => boolean) => Promise<WatchReport>;
  save: (rel: string, body?: string) => void;
}

const harnesses: Harness[] = [];

function startWatch(options: { initialDeploy?: boolean } = {}): Harness {
  const root = makeRepo();
  const deploy = new FakeDeploy();
  const reports: WatchReport[] = [];
  const waiters: { match: (report: WatchReport) => boolean; resolve: (report: WatchReport) => void }[] = [];
  const watcher = new DeployWatcher({
    deployOnce: deploy.run,
    fingerprint: () => deployFingerprint(root, STACK),
    subscribe: (onChange) => watchTree({ root, entries: watchedEntries(root, STACK), skip: SKIPPED_DIRS, onChange }),
    debounceMs: DEBOUNCE_MS,
    initialDeploy: options.initialDeploy,
    report: (report) => {
      reports.push(report);
      for (const waiter of waiters.splice(0)) {
        if (waiter.match(report)) waiter.resolve(report);
        else waiters.push(waiter);
      }
    },
  });
  const waitFor = (what: string, match: (report: WatchReport) => boolean) =>
    new Promise<WatchReport>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`expected ${what}; the watcher reported only:\n${reports.map((r) => JSON.stringify(r)).join('\n')}`)),
        4000,
      );
      waiters.push({
        match,
        resolve: (report) => {
          clearTimeout(timer);
          resolve(report);
        },
      });
    });
  let counter = 0;
  const save = (rel: string, body = `export const v = ${++counter};\n`) => write(root, rel, body);
  const harness = { root, deploy, watcher, reports, waitFor, save };
  harnesses.push(harness);
  return harness;
}

const loopEnd = (loop: number) => (r: WatchReport) => r.kind === 'loop-end' && r.loop === loop;
const loopStart = (loop: number) => (r: WatchReport) => r.kind === 'loop-start' && r.loop === loop;
const kinds = (reports: WatchReport[]) =>
  reports.map((r) => (r.kind.startsWith('loop') ? `${r.kind}#${(r as { loop: number }).loop}` : r.kind));

/** Starts the watch and waits for the first deploy (of the tree as it is) to end. */
async function started(options: { initialDeploy?: boolean } = {}): Promise<Harness> {
  const harness = startWatch(options);
  const firstEnd = harness.waitFor('the first deploy to end', loopEnd(1));
  harness.watcher.start();
  if (options.initialDeploy !== false) await firstEnd;
  return harness;
}

afterEach(async () => {
  for (const harness of harnesses.splice(0)) {
    await harness.watcher.stop();
    fs.rmSync(harness.root, { recursive: true, force: true });
  }
});

describe('DeployWatcher on a real tree', () => {
  it('when started, then it deploys once so the cluster matches the tree, and nothing more without a save', async () => {
    const { deploy, reports } = await started();
    await sleep(QUIET_MS);

    expect(deploy.calls).toBe(1);
    expect(kinds(reports)).toEqual(['loop-start#1', 'loop-end#1']);
    expect(reports[0]).toEqual({ kind: 'loop-start', loop: 1, changed: [], rebuilt: undefined });
  });

  it('when a source of the backend image is saved, then exactly one deploy follows, naming the file and the backend as rebuilt', async () => {
    const { deploy, reports, waitFor, save } = await started();

    const end = waitFor('deploy #2 to end', loopEnd(2));
    save('apps/backend/src/main.ts');
    await end;
    await sleep(QUIET_MS);

    expect(deploy.calls).toBe(2);
    expect(reports.find(loopStart(2))).toEqual({
      kind: 'loop-start',
      loop: 2,
      changed: ['apps/backend/src/main.ts'],
      rebuilt: ['backend'],
    });
    expect(reports.find(loopEnd(2))).toMatchObject({ code: 0, first: false, watching: true });
    expect(kinds(reports)).toEqual(['loop-start#1', 'loop-end#1', 'loop-start#2', 'loop-end#2']);
  });

  it('when only the program changes, then it deploys with no image rebuilt', async () => {
    const { reports, waitFor, save } = await started();

    const end = waitFor('deploy #2 to end', loopEnd(2));
    save('infra/stack.ts');
    await end;

    expect(reports.find(loopStart(2))).toMatchObject({ changed: ['infra/stack.ts'], rebuilt: [] });
  });

  it('when two files are saved in quick succession, then the debounce makes one deploy of both', async () => {
    const { deploy, reports, waitFor, save } = await started();

    const end = waitFor('deploy #2 to end', loopEnd(2));
    save('apps/backend/src/main.ts');
    save('apps/frontend/src/page.ts');
    await end;
    await sleep(QUIET_MS);

    expect(deploy.calls).toBe(2);
    const start = reports.find(loopStart(2)) as Extract<WatchReport, { kind: 'loop-start' }>;
    expect([...start.changed].sort()).toEqual(['apps/backend/src/main.ts', 'apps/frontend/src/page.ts']);
    expect(start.rebuilt).toEqual(['backend', 'frontend']);
  });

  it('when files are saved during a deploy, then exactly one more deploy follows it, with those files', async () => {
    const { deploy, reports, waitFor, save } = await started();
    const held = deploy.hold();

    const secondStarted = waitFor('deploy #2 to start', loopStart(2));
    save('apps/backend/src/main.ts');
    await secondStarted;
    const queued = waitFor('a save during deploy #2 to be queued', (r) => r.kind === 'queued');
    save('apps/frontend/src/page.ts');
    save('infra/stack.ts');
    await queued;
    // Let the second save's event arrive too (each folder has its own watch) while the deploy runs.
    await sleep(DEBOUNCE_MS);
    expect(deploy.calls).toBe(2); // nothing started while the deploy runs

    const thirdEnd = waitFor('deploy #3 to end', loopEnd(3));
    held.release(0);
    await thirdEnd;
    await sleep(QUIET_MS);

    expect(deploy.calls).toBe(3);
    const third = reports.find(loopStart(3)) as Extract<WatchReport, { kind: 'loop-start' }>;
    expect(third.changed).toEqual(expect.arrayContaining(['apps/frontend/src/page.ts', 'infra/stack.ts']));
    expect(third.rebuilt).toEqual(['frontend']);
    expect(kinds(reports).filter((k) => k === 'queued')).toHaveLength(1);
  });

  it('when the saved files are no input of a deploy (a test the .dockerignore keeps out, a test-only helper), then nothing deploys', async () => {
    const { deploy, reports, waitFor, save } = await started();

    const unchanged = waitFor('an "unchanged" report', (r) => r.kind === 'unchanged');
    save('apps/backend/src/main.test.ts');
    save('infra/testing/helper.ts');
    save('docs/x.md'); // not even watched
    await unchanged;
    await sleep(QUIET_MS);

    expect(deploy.calls).toBe(1);
    expect(kinds(reports)).not.toContain('loop-start#2');
  });

  it('when a deploy fails or throws, then the watch goes on and the next save deploys again', async () => {
    const { deploy, reports, waitFor, save } = await started();
    deploy.then(() => Promise.resolve(255));
    deploy.then(() => Promise.reject(new Error('boom')));

    const failed = waitFor('deploy #2 to end', loopEnd(2));
    save('apps/backend/src/main.ts');
    expect(await failed).toMatchObject({ code: 255 });

    const threw = waitFor('deploy #3 to end', loopEnd(3));
    save('apps/backend/src/main.ts');
    expect(await threw).toMatchObject({ code: 1 });
    expect(reports).toContainEqual(expect.objectContaining({ kind: 'error', message: expect.stringContaining('boom') }));

    // An unrelated save now retries too: the reference is still the last successful deploy.
    const retried = waitFor('deploy #4 to end', loopEnd(4));
    save('apps/backend/src/main.test.ts');
    expect(await retried).toMatchObject({ code: 0 });
    expect(deploy.calls).toBe(4);
  });

  it('when stopped while idle, then stop() resolves 0, says so, and later saves deploy nothing', async () => {
    const { deploy, watcher, reports, save } = await started();

    await expect(watcher.stop()).resolves.toBe(0);
    save('apps/backend/src/main.ts');
    await sleep(QUIET_MS);

    expect(reports[reports.length - 1]).toEqual({ kind: 'stopped', code: 0, interruptedLoop: undefined });
    expect(deploy.calls).toBe(1);
  });

  it('when stopped during a deploy, then it waits for the deploy, reports its result, and resolves 130', async () => {
    const { deploy, watcher, reports, waitFor, save } = await started();
    const held = deploy.hold();
    const second = waitFor('deploy #2 to start', loopStart(2));
    save('apps/backend/src/main.ts');
    await second;

    const stopped = watcher.stop();
    save('apps/frontend/src/page.ts'); // after the stop: never deployed
    held.release(255);

    await expect(stopped).resolves.toBe(INTERRUPTED_EXIT);
    await sleep(QUIET_MS);
    expect(kinds(reports).slice(-3)).toEqual(['loop-start#2', 'loop-end#2', 'stopped']);
    expect(reports.find(loopEnd(2))).toMatchObject({ code: 255, watching: false });
    expect(deploy.calls).toBe(2);
  });

  it('when started without the first deploy, then the first save deploys with the images "as needed"', async () => {
    const { deploy, reports, waitFor, save } = await started({ initialDeploy: false });

    const end = waitFor('deploy #1 to end', loopEnd(1));
    save('infra/stack.ts');
    await end;

    expect(deploy.calls).toBe(1);
    expect(reports.find(loopStart(1))).toEqual({ kind: 'loop-start', loop: 1, changed: ['infra/stack.ts'], rebuilt: undefined });
  });
});

describe('formatReport', () => {
  it.each<[WatchReport, string]>([
    [{ kind: 'loop-start', loop: 1, changed: [] }, '\n[watch] deploy #1: first deploy of this session, so the cluster matches the tree'],
    [
      { kind: 'loop-start', loop: 2, changed: ['apps/backend/src/a.ts'], rebuilt: ['backend'] },
      '\n[watch] deploy #2: changed apps/backend/src/a.ts\n[watch] rebuilt: backend',
    ],
    [
      { kind: 'loop-start', loop: 3, changed: ['infra/stack.ts'], rebuilt: [] },
      '\n[watch] deploy #3: changed infra/stack.ts\n[watch] rebuilt: none (program/config only)',
    ],
    [
      { kind: 'loop-start', loop: 4, changed: ['a'], rebuilt: undefined },
      '\n[watch] deploy #4: changed a\n[watch] rebuilt: as needed (no successful deploy in this session to compare with)',
    ],
    [
      { kind: 'loop-end', loop: 2, code: 0, first: false, readyMs: 12_345, watching: true },
      '[watch] deploy #2: exit 0, ready in 12.3 s after the save; watching',
    ],
    [
      { kind: 'loop-end', loop: 1, code: 0, first: true, readyMs: 900, watching: true },
      '[watch] deploy #1: exit 0, ready in 0.9 s after the start; watching',
    ],
    [
      { kind: 'loop-end', loop: 2, code: 255, first: false, readyMs: 1, watching: true },
      '[watch] deploy #2 failed (exit 255); still watching: the next save retries',
    ],
    [{ kind: 'loop-end', loop: 2, code: 255, first: false, readyMs: 1, watching: false }, '[watch] deploy #2 failed (exit 255)'],
    [
      { kind: 'loop-end', loop: 2, code: 0, first: false, readyMs: 1500, watching: false },
      '[watch] deploy #2: exit 0, ready in 1.5 s after the save',
    ],
    [{ kind: 'unchanged', changed: ['docs/x.md'] }, '[watch] nothing to deploy: no image or program input changed (docs/x.md)'],
    [{ kind: 'queued', loop: 2, path: 'a.ts' }, '[watch] a.ts changed during deploy #2: one more deploy follows it'],
    [{ kind: 'stopped', code: 0 }, '[watch] stopped watching (no deploy was running)'],
    [{ kind: 'stopped', code: 130, interruptedLoop: 3 }, '[watch] stopped watching after deploy #3 (interrupted): exit 130'],
  ])('when the report is %j, then the line is %j', (report, line) => {
    expect(formatReport(report)).toBe(line);
  });

  it('when dim is asked for, then only the "nothing to deploy" line is wrapped in the faint style', () => {
    const dimmed = formatReport({ kind: 'unchanged', changed: ['a'] }, { dim: true });
    expect(dimmed).toBe(`\u001b[2m${formatReport({ kind: 'unchanged', changed: ['a'] })}\u001b[22m`);
    expect(formatReport({ kind: 'stopped', code: 0 }, { dim: true })).not.toContain('\u001b');
  });
});

describe('summarizePaths', () => {
  it.each([
    [[], ''],
    [['a', 'b'], 'a, b'],
    [['a', 'b', 'c', 'd', 'e'], 'a, b, c, d, e'],
    [['a', 'b', 'c', 'd', 'e', 'f', 'g'], 'a, b, c, d, e and 2 more'],
  ])('when the paths are %j, then the summary is %j', (paths, summary) => {
    expect(summarizePaths(paths)).toBe(summary);
  });
});

describe('watchDeployArgs', () => {
  it.each([
    [['--watch'], ['--yes', '--no-smoke']],
    [
      ['--stack', 'prod', '--watch', '--diff'],
      ['--stack', 'prod', '--diff', '--yes', '--no-smoke'],
    ],
    [
      ['-y', '--watch', '--no-smoke', '--no-policy'],
      ['-y', '--no-smoke', '--no-policy'],
    ],
  ])('when deploy runs with %j, then each deploy of the watch runs with %j', (argv, expected) => {
    expect(watchDeployArgs(argv)).toEqual(expected);
  });
});
