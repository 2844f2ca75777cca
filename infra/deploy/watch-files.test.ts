import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { watchTree, type TreeWatch } from './watch-files';
import { SKIPPED_DIRS } from './watch-fingerprint';

/** Real folders, real `fs.watch`: what a save is reported as, and what is never reported. */

const QUIET_MS = 150;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let root: string;
let watch: TreeWatch | undefined;
let seen: string[];
let waiters: { path: string; resolve: () => void }[];

function put(rel: string, body = 'x'): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), body);
}

/** Resolves once `rel` has been reported; fails naming what was reported instead. */
function reported(rel: string): Promise<void> {
  if (seen.includes(rel)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`expected a change of ${rel}; reported: ${JSON.stringify(seen)}`)), 4000);
    waiters.push({
      path: rel,
      resolve: () => {
        clearTimeout(timer);
        resolve();
      },
    });
  });
}

function start(entries: string[]): void {
  watch = watchTree({
    root,
    entries,
    skip: SKIPPED_DIRS,
    onChange: (rel) => {
      seen.push(rel);
      for (const waiter of waiters.filter((w) => w.path === rel)) waiter.resolve();
    },
  });
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'watch-files-'));
  seen = [];
  waiters = [];
  put('apps/backend/src/main.ts');
  put('apps/backend/node_modules/dep/index.js');
  put('apps/frontend/.next/cache/x');
  put('package.json');
  put('docs/x.md');
});

afterEach(() => {
  watch?.close();
  watch = undefined;
  fs.rmSync(root, { recursive: true, force: true });
});

describe('watchTree', () => {
  it('when a file deep in a watched folder or a watched top-level file is saved, then its relative path is reported', async () => {
    start(['apps', 'package.json']);
    put('apps/backend/src/main.ts', 'y');
    put('package.json', '{}');
    await reported('apps/backend/src/main.ts');
    await reported('package.json');
  });

  it('when a folder is created after the start, then files saved in it are reported too', async () => {
    start(['apps']);
    fs.mkdirSync(path.join(root, 'apps/backend/src/feature'));
    await reported('apps/backend/src/feature');
    put('apps/backend/src/feature/new.ts');
    await reported('apps/backend/src/feature/new.ts');
  });

  it('when files change in skipped folders (node_modules, .next) or outside the entries, then nothing is reported', async () => {
    start(['apps', 'package.json']);
    expect(watch?.directories).toBe(5); // the root, apps, apps/backend, apps/backend/src, apps/frontend
    put('apps/backend/node_modules/dep/index.js', 'y');
    put('apps/frontend/.next/cache/x', 'y');
    put('docs/x.md', 'y');
    put('README.md', 'y');
    await sleep(QUIET_MS);
    expect(seen).toEqual([]);
  });

  it('when closed, then later saves are not reported', async () => {
    start(['apps']);
    watch?.close();
    expect(watch?.directories).toBe(0);
    put('apps/backend/src/main.ts', 'y');
    await sleep(QUIET_MS);
    expect(seen).toEqual([]);
  });
});
