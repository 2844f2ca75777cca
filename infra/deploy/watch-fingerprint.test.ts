import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { contentTag } from '../images/build-context';
import {
  changedImages,
  deployFingerprint,
  imageFingerprint,
  programFingerprint,
  sameFingerprint,
  watchedEntries,
} from './watch-fingerprint';

let root: string;

function put(rel: string, body = 'x'): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), body);
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'watch-fingerprint-'));
  put(
    'apps/backend/Dockerfile',
    'FROM node\nCOPY package.json tsconfig.base.json ./\nCOPY scripts/docker/x.cjs /x\nCOPY apps/backend apps/backend\n',
  );
  put('apps/backend/src/main.ts');
  put('apps/frontend/Dockerfile', 'FROM node\nCOPY apps/frontend apps/frontend\nCOPY --from=build /out /app\n');
  put('apps/frontend/src/page.ts');
  put('.dockerignore', '**/*.test.ts\n');
  put('package.json', '{}');
  put('tsconfig.base.json', '{}');
  put('scripts/docker/x.cjs');
  put('index.ts');
  put('infra/stack.ts');
  put('infra/stack.test.ts');
  put('infra/testing/helper.ts');
  put('infra/policy/node_modules/dep/index.ts');
  put('Pulumi.yaml');
  put('Pulumi.dev.yaml');
  put('Pulumi.prod.yaml');
});

afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('imageFingerprint', () => {
  it("when nothing is configured, then it is the program's content tag of the image (same Dockerfile, sources and ignore file)", () => {
    expect(imageFingerprint(root, 'backend')).toBe(
      contentTag({
        context: root,
        dockerfile: 'apps/backend/Dockerfile',
        sources: ['apps/backend', 'package.json', 'scripts/docker/x.cjs', 'tsconfig.base.json'],
      }),
    );
  });

  it.each([
    ['apps/backend/src/main.ts', ['backend']],
    ['package.json', ['backend']],
    ['apps/frontend/src/page.ts', ['frontend']],
    ['apps/frontend/Dockerfile', ['frontend']],
    ['.dockerignore', ['backend', 'frontend']],
    ['apps/backend/src/main.test.ts', []],
    ['infra/stack.ts', []],
  ])('when %s changes, then the images whose fingerprint changes are %j', (rel, expected) => {
    const before = deployFingerprint(root, 'dev');
    put(rel, 'changed');
    expect(changedImages(before, deployFingerprint(root, 'dev'))).toEqual(expected);
  });

  it('when the stack sets nodeImage, then the backend fingerprint changes with it (a new image to build)', () => {
    const before = imageFingerprint(root, 'backend');
    expect(imageFingerprint(root, 'backend', { nodeImage: 'node:24-slim' })).not.toBe(before);
  });

  it('when the Dockerfile is missing (mid-edit), then the fingerprint is still computed, and differs', () => {
    const before = imageFingerprint(root, 'backend');
    fs.rmSync(path.join(root, 'apps/backend/Dockerfile'));
    expect(imageFingerprint(root, 'backend')).not.toBe(before);
  });
});

describe('programFingerprint', () => {
  it.each([
    ['index.ts', true],
    ['infra/stack.ts', true],
    ['infra/components/new.ts', true],
    ['Pulumi.yaml', true],
    ['Pulumi.dev.yaml', true],
    ['Pulumi.prod.yaml', false],
    ['infra/stack.test.ts', false],
    ['infra/testing/helper.ts', false],
    ['infra/policy/node_modules/dep/index.ts', false],
    ['infra/README.md', false],
    ['apps/backend/src/main.ts', false],
  ])('when %s changes on stack dev, then the program fingerprint changes: %s', (rel, changes) => {
    const before = programFingerprint(root, 'dev');
    put(rel, 'changed');
    expect(programFingerprint(root, 'dev') !== before).toBe(changes);
  });

  it('when the stack file is removed, then the fingerprint changes', () => {
    const before = deployFingerprint(root, 'dev');
    fs.rmSync(path.join(root, 'Pulumi.dev.yaml'));
    expect(sameFingerprint(before, deployFingerprint(root, 'dev'))).toBe(false);
  });
});

describe('watchedEntries', () => {
  it("when the Dockerfiles copy from several top-level entries, then those, the program's and the ignore file are watched", () => {
    expect(watchedEntries(root, 'dev')).toEqual([
      '.dockerignore',
      'Pulumi.dev.yaml',
      'Pulumi.yaml',
      'apps',
      'index.ts',
      'infra',
      'package.json',
      'scripts',
      'tsconfig.base.json',
    ]);
  });
});
