import { canPrune, isIgnored, mayMatchBelow, parseDockerignore } from './dockerignore';

const rules = parseDockerignore(`
# comment lines and blank lines are skipped
**/node_modules
**/.next
**/*.test.ts
/coverage
apps/*/dist
*.md
!README.md
.git
`);

describe('isIgnored', () => {
  it.each([
    ['node_modules/express/index.js', true],
    ['apps/backend/node_modules/pg/index.js', true],
    ['apps/frontend/.next/cache/x', true],
    ['apps/backend/src/app.test.ts', true],
    ['apps/backend/src/app.ts', false],
    ['coverage/lcov.info', true],
    ['apps/backend/coverage/lcov.info', false],
    ['apps/backend/dist/main.js', true],
    ['apps/backend/src/dist/x.ts', false],
    ['CHANGELOG.md', true],
    ['README.md', false],
    ['apps/backend/NOTES.md', false],
    ['.git/HEAD', true],
    ['package-lock.json', false],
  ])('when the path is %s, then ignored is %s', (path, expected) => {
    expect(isIgnored(rules, path)).toBe(expected);
  });

  it('when a later negation re-includes a file, then the last matching rule wins', () => {
    const r = parseDockerignore('apps/backend/prisma/*\n!apps/backend/prisma/schema.prisma');
    expect(isIgnored(r, 'apps/backend/prisma/dev.db')).toBe(true);
    expect(isIgnored(r, 'apps/backend/prisma/schema.prisma')).toBe(false);
  });

  it('when patterns use ?, character classes and a leading ./, then they match like Docker', () => {
    const r = parseDockerignore('./tmp?\nlog[0-9].txt');
    expect(isIgnored(r, 'tmp1/a')).toBe(true);
    expect(isIgnored(r, 'tmp12/a')).toBe(false);
    expect(isIgnored(r, 'log7.txt')).toBe(true);
    expect(isIgnored(r, 'logx.txt')).toBe(false);
  });
});

describe('isIgnored with an allow-list', () => {
  const allow = parseDockerignore('*\n!apps/backend\n!package.json\n**/node_modules\n**/*.test.ts');
  it.each([
    ['apps/backend/src/main.ts', false],
    ['apps/backend/src/main.test.ts', true],
    ['apps/backend/node_modules/pg/index.js', true],
    ['apps/backendx/main.ts', true],
    ['apps/frontend/src/page.tsx', true],
    ['package.json', false],
    ['README.md', true],
  ])('when the path is %s, then ignored is %s', (path, expected) => {
    expect(isIgnored(allow, path)).toBe(expected);
  });

  it('when a pattern differs only in case, then it does not match (Docker on Linux is case-sensitive)', () => {
    expect(isIgnored(parseDockerignore('README.md'), 'readme.md')).toBe(false);
  });
});

describe('canPrune', () => {
  it('when a directory is ignored and no rule negates, then the walker may skip it', () => {
    expect(canPrune(parseDockerignore('**/node_modules'), 'apps/backend/node_modules')).toBe(true);
  });

  it.each([
    ['a later negation can reach below it', '**/node_modules\n!node_modules/keep.txt', 'node_modules', false],
    ['a later negation with ** can reach anywhere', '**/node_modules\n!**/keep.txt', 'apps/node_modules', false],
    ['a later negation re-includes a parent', '**/.next\n!apps', 'apps/frontend/.next', false],
    ['the only negation names a sibling', '**/node_modules\n!keep.txt', 'node_modules', true],
    ['an allow-list re-includes a folder below it', '*\n!apps/backend', 'apps', false],
    ['an allow-list re-includes only a sibling', '*\n!apps/backend', 'apps/frontend', true],
    ['an allow-list re-includes one file inside it', '*\n!apps/frontend/package.json', 'apps/frontend', false],
    ['an allow-list re-includes one file beside it', '*\n!apps/frontend/package.json', 'apps/frontend/src', true],
    ['a later rule excludes it inside a re-included folder', '*\n!apps/frontend\n**/.next', 'apps/frontend/.next', true],
    ['it is not ignored at all', '*\n!apps/frontend', 'apps/frontend', false],
  ])('when %s, then pruning is %s', (_what, text, dir, expected) => {
    expect(canPrune(parseDockerignore(text), dir)).toBe(expected);
  });
});

describe('mayMatchBelow', () => {
  it.each([
    ['**/node_modules', 'apps/backend', true],
    ['apps/backend/tmp', 'apps/backend', true],
    ['apps', 'apps/backend', true],
    ['apps/*/dist', 'apps/backend', true],
    ['apps/containers-test', 'apps/backend', false],
    ['infra', 'apps/backend', false],
    ['*.pem', 'package.json', false],
    ['package.jso?', 'package.json', true],
    ['log[0-9].txt', 'log7.txt', true],
    ['/apps/backend', 'apps/backend', true],
  ])('when the pattern is %s and the folder %s, then it may match at or below it: %s', (pattern, dir, expected) => {
    expect(mayMatchBelow(pattern, dir)).toBe(expected);
  });
});
