import * as fs from 'node:fs';
import * as path from 'node:path';
import { contentTag, contextFiles, dockerignoreFor, listBuildFiles } from './build-context';
import { dockerfileSources } from './dockerfile-sources';
import { isIgnored } from './dockerignore';
import { expectedIgnoreFile, IGNORE_FILE_COMMAND, ignoreFilePath, ignoreFileText, imageDockerfiles } from './ignore-file';
import { writeFixtureRepo } from '../testing/fixture-repo';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const rules = (text: string) => text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));

/** A small repository shaped like this one, in a temp folder the test may change freely. */
function makeFixture(): string {
  return writeFixtureRepo('todo-ignore-file-', {
    'package.json': '{}',
    'package-lock.json': '{}',
    'README.md': '# readme',
    '.dockerignore': '.git\n**/node_modules\n**/*.test.ts\ninfra\n',
    'infra/stack.ts': 'stack',
    'apps/backend/Dockerfile':
      'FROM node\nCOPY package.json package-lock.json ./\nCOPY apps/frontend/package.json apps/frontend/\nCOPY apps/backend apps/backend\n',
    'apps/backend/src/main.ts': 'backend',
    'apps/backend/src/main.test.ts': 'test',
    'apps/backend/node_modules/dep/index.js': 'dep',
    'apps/frontend/Dockerfile': 'FROM node\nCOPY package.json package-lock.json ./\nCOPY apps/frontend apps/frontend\n',
    'apps/frontend/package.json': '{}',
    'apps/frontend/src/page.tsx': 'page',
  });
}

function writeIgnoreFiles(root: string): void {
  for (const dockerfile of imageDockerfiles(root)) {
    const { file, text } = expectedIgnoreFile(root, dockerfile);
    fs.writeFileSync(path.join(root, file), text);
  }
}

const inputsFor = (root: string, dockerfile: string) => ({
  context: root,
  dockerfile,
  sources: dockerfileSources(fs.readFileSync(path.join(root, dockerfile), 'utf8')),
});

describe('ignoreFileText', () => {
  it('when generated, then it admits only the sources (outermost first) and keeps the root rules that reach inside them', () => {
    const text = ignoreFileText({
      dockerfile: 'apps/backend/Dockerfile',
      sources: ['apps/backend', 'apps/backend/package.json', 'package.json', 'packages/contracts'],
      rootIgnore: '# comment\n.git\n**/node_modules\ninfra\napps/containers-test\napps/backend/tmp\n*.pem\npackages/*/dist\n',
    });
    expect(rules(text)).toEqual([
      '*',
      '!apps/backend',
      '!package.json',
      '!packages/contracts',
      '**/node_modules',
      'apps/backend/tmp',
      'packages/*/dist',
    ]);
    expect(text.split('\n')[0]).toContain(IGNORE_FILE_COMMAND);
  });

  it('when the Dockerfile lies outside every source, then the file admits it and itself (both are hashed into the tag)', () => {
    const text = ignoreFileText({ dockerfile: 'docker/api.Dockerfile', sources: ['src'], rootIgnore: '' });
    expect(rules(text)).toEqual(['*', '!docker/api.Dockerfile', '!docker/api.Dockerfile.dockerignore', '!src']);
  });

  it('when a Dockerfile copies the whole context, then there is no allow-list, only the root rules', () => {
    const text = ignoreFileText({ dockerfile: 'Dockerfile', sources: ['.'], rootIgnore: '.git\n**/node_modules\n' });
    expect(rules(text)).toEqual(['.git', '**/node_modules']);
  });
});

describe('the committed <Dockerfile>.dockerignore files', () => {
  it(`when generated now, then each is the committed file (otherwise run: ${IGNORE_FILE_COMMAND})`, () => {
    const dockerfiles = imageDockerfiles(REPO_ROOT);
    expect(dockerfiles).toEqual(['apps/backend/Dockerfile', 'apps/frontend/Dockerfile']);
    const stale = dockerfiles.flatMap((dockerfile) => {
      const { file, text } = expectedIgnoreFile(REPO_ROOT, dockerfile);
      const full = path.join(REPO_ROOT, file);
      const committed = fs.existsSync(full) ? fs.readFileSync(full, 'utf8') : undefined;
      return committed === text ? [] : [`${file} is not what the generator gives: run ${IGNORE_FILE_COMMAND}`];
    });
    expect(stale).toEqual([]);
  });

  it.each(['apps/backend/Dockerfile', 'apps/frontend/Dockerfile'])(
    'when %s is built, then the context it admits is exactly the files its content tag hashes',
    (dockerfile) => {
      expect(dockerignoreFor(REPO_ROOT, dockerfile).file).toBe(ignoreFilePath(dockerfile));
      expect(contextFiles(REPO_ROOT, dockerfile)).toEqual(listBuildFiles(inputsFor(REPO_ROOT, dockerfile)));
    },
  );
});

describe('generated ignore files in a repository', () => {
  let root: string;
  beforeEach(() => {
    root = makeFixture();
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('when only the root .dockerignore exists, then the context holds more than the tag hashes (the comparison above can fail)', () => {
    const dockerfile = 'apps/backend/Dockerfile';
    expect(contextFiles(root, dockerfile)).toContain('README.md');
    expect(contextFiles(root, dockerfile)).not.toEqual(listBuildFiles(inputsFor(root, dockerfile)));
  });

  it('when the ignore files are generated, then each context is exactly the files its tag hashes', () => {
    writeIgnoreFiles(root);
    expect(contextFiles(root, 'apps/backend/Dockerfile')).toEqual([
      'apps/backend/Dockerfile',
      'apps/backend/Dockerfile.dockerignore',
      'apps/backend/src/main.ts',
      'apps/frontend/package.json',
      'package-lock.json',
      'package.json',
    ]);
    for (const dockerfile of imageDockerfiles(root)) {
      expect(contextFiles(root, dockerfile)).toEqual(listBuildFiles(inputsFor(root, dockerfile)));
    }
  });

  it('when the context is walked without skipping any folder, then the same files are admitted (pruning loses nothing)', () => {
    writeIgnoreFiles(root);
    const everyFile = (rel: string): string[] =>
      fs.readdirSync(path.join(root, rel), { withFileTypes: true }).flatMap((entry) => {
        const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
        return entry.isDirectory() ? everyFile(child) : [child];
      });
    for (const dockerfile of imageDockerfiles(root)) {
      const { rules } = dockerignoreFor(root, dockerfile);
      expect(contextFiles(root, dockerfile)).toEqual(
        everyFile('')
          .filter((file) => !isIgnored(rules, file))
          .sort(),
      );
    }
  });

  it('when a Dockerfile gains a COPY line, then the generated file differs from the one written before', () => {
    writeIgnoreFiles(root);
    const dockerfile = 'apps/frontend/Dockerfile';
    const before = fs.readFileSync(path.join(root, ignoreFilePath(dockerfile)), 'utf8');
    fs.appendFileSync(path.join(root, dockerfile), 'COPY apps/backend/src/main.ts /x\n');
    expect(expectedIgnoreFile(root, dockerfile).text).not.toBe(before);
  });

  it('when a file outside every source or the root .dockerignore changes, then no tag changes', () => {
    writeIgnoreFiles(root);
    const tags = () => imageDockerfiles(root).map((dockerfile) => contentTag(inputsFor(root, dockerfile)));
    const before = tags();
    fs.appendFileSync(path.join(root, 'README.md'), 'more\n');
    fs.appendFileSync(path.join(root, '.dockerignore'), '**/*.md\n');
    expect(tags()).toEqual(before);
  });
});
