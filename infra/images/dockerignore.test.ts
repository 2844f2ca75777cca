import { canPrune, isIgnored, parseDockerignore } from './dockerignore';

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

describe('canPrune', () => {
  it('when a directory is ignored and no rule negates, then the walker may skip it', () => {
    expect(canPrune(parseDockerignore('**/node_modules'), 'apps/backend/node_modules')).toBe(true);
  });

  it('when any negation rule exists, then an ignored directory is still walked', () => {
    expect(canPrune(parseDockerignore('**/node_modules\n!keep.txt'), 'node_modules')).toBe(false);
  });
});
