import * as fs from 'node:fs';
import * as path from 'node:path';
import { contentTag, dockerignoreFor, listBuildFiles, type BuildInputs } from './build-context';
import { writeFixtureRepo } from '../testing/fixture-repo';

/** A small repository shaped like this one, in a temp folder the test may change freely. */
function makeFixture(): string {
  return writeFixtureRepo('todo-build-context-', {
    'package.json': '{"name":"root"}',
    'package-lock.json': '{"lockfileVersion":3}',
    '.dockerignore': '**/node_modules\n**/*.test.ts\n**/.next\n',
    'apps/backend/Dockerfile': 'FROM node\n',
    'apps/backend/package.json': '{"name":"@todo/backend"}',
    'apps/backend/src/main.ts': 'console.log("backend")',
    'apps/backend/src/main.test.ts': 'test("x", () => {})',
    'apps/backend/node_modules/dep/index.js': 'module.exports = 1',
    'apps/frontend/Dockerfile': 'FROM node\n',
    'apps/frontend/package.json': '{"name":"@todo/frontend"}',
    'apps/frontend/src/page.tsx': 'export default 1',
    'apps/frontend/.next/cache/blob': 'cache',
    'packages/contracts/src/index.ts': 'export {}',
    'README.md': '# readme',
  });
}

function inputsFor(root: string, app: 'backend' | 'frontend'): BuildInputs {
  return {
    context: root,
    dockerfile: `apps/${app}/Dockerfile`,
    sources: [`apps/${app}`, 'packages/contracts', 'package.json', 'package-lock.json'],
  };
}

describe('build context hashing', () => {
  let root: string;
  beforeEach(() => {
    root = makeFixture();
  });
  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('when listing the backend files, then exactly the non-ignored sources, the Dockerfile and .dockerignore are listed', () => {
    expect(listBuildFiles(inputsFor(root, 'backend'))).toEqual([
      '.dockerignore',
      'apps/backend/Dockerfile',
      'apps/backend/package.json',
      'apps/backend/src/main.ts',
      'package-lock.json',
      'package.json',
      'packages/contracts/src/index.ts',
    ]);
  });

  it('when nothing changed, then two runs give the same 12-digit tag', () => {
    const first = contentTag(inputsFor(root, 'backend'));
    expect(first).toMatch(/^[0-9a-f]{12}$/);
    expect(contentTag(inputsFor(root, 'backend'))).toBe(first);
  });

  it('when a backend source changes, then the backend tag changes and the frontend tag does not', () => {
    const before = { backend: contentTag(inputsFor(root, 'backend')), frontend: contentTag(inputsFor(root, 'frontend')) };
    fs.writeFileSync(path.join(root, 'apps/backend/src/main.ts'), 'console.log("changed")');
    expect(contentTag(inputsFor(root, 'backend'))).not.toBe(before.backend);
    expect(contentTag(inputsFor(root, 'frontend'))).toBe(before.frontend);
  });

  it('when a frontend-only file changes, then the backend tag is unchanged', () => {
    const backend = contentTag(inputsFor(root, 'backend'));
    fs.writeFileSync(path.join(root, 'apps/frontend/src/page.tsx'), 'export default 2');
    expect(contentTag(inputsFor(root, 'backend'))).toBe(backend);
  });

  it.each([
    ['the lock file', 'package-lock.json'],
    ['the shared contracts', 'packages/contracts/src/index.ts'],
    ['the root package.json', 'package.json'],
    ['the Dockerfile', 'apps/backend/Dockerfile'],
    ['the .dockerignore', '.dockerignore'],
  ])('when %s changes, then the backend tag changes', (_what, rel) => {
    const before = contentTag(inputsFor(root, 'backend'));
    fs.appendFileSync(path.join(root, rel), '\n# changed\n');
    expect(contentTag(inputsFor(root, 'backend'))).not.toBe(before);
  });

  it.each([
    ['an ignored test file', 'apps/backend/src/main.test.ts'],
    ['a file in node_modules', 'apps/backend/node_modules/dep/index.js'],
    ['a file outside the sources', 'README.md'],
  ])('when %s changes, then the backend tag is unchanged', (_what, rel) => {
    const before = contentTag(inputsFor(root, 'backend'));
    fs.appendFileSync(path.join(root, rel), '\n// changed\n');
    expect(contentTag(inputsFor(root, 'backend'))).toBe(before);
  });

  it('when a build arg changes, then the tag changes', () => {
    const base = inputsFor(root, 'backend');
    expect(contentTag({ ...base, buildArgs: { NODE_IMAGE: 'node:24' } })).not.toBe(
      contentTag({ ...base, buildArgs: { NODE_IMAGE: 'node:22' } }),
    );
  });

  it('when a target platform is set, then each platform gets its own tag; unset keeps the daemon-native tag', () => {
    const base = inputsFor(root, 'backend');
    const native = contentTag(base);
    const amd64 = contentTag({ ...base, platform: 'linux/amd64' });
    const arm64 = contentTag({ ...base, platform: 'linux/arm64' });
    expect(new Set([native, amd64, arm64]).size).toBe(3);
    expect(contentTag({ ...base, platform: undefined })).toBe(native);
  });

  it('when a file becomes executable, then the tag changes', () => {
    const before = contentTag(inputsFor(root, 'backend'));
    fs.chmodSync(path.join(root, 'apps/backend/src/main.ts'), 0o755);
    expect(contentTag(inputsFor(root, 'backend'))).not.toBe(before);
  });

  it('when a Dockerfile-specific ignore file exists, then it wins over the root .dockerignore', () => {
    fs.writeFileSync(path.join(root, 'apps/backend/Dockerfile.dockerignore'), 'README.md\n');
    expect(dockerignoreFor(root, 'apps/backend/Dockerfile').file).toBe('apps/backend/Dockerfile.dockerignore');
    expect(listBuildFiles(inputsFor(root, 'backend'))).toContain('apps/backend/src/main.test.ts');
  });
});
