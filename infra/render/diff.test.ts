import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { renderAtRef } from './base';
import { diffManifests, readManifests } from './diff';
import { formatReport, hasMandatoryViolation, REPORT_MARKER } from './report';

const configMap = (name: string, level: string) =>
  `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  LOG_LEVEL: ${level}\n`;

describe('readManifests and diffManifests', () => {
  it('when one object changes, one appears and one goes, then each is reported with its own patch', () => {
    const base = readManifests(
      `# header\n${configMap('a', 'info')}${configMap('gone', 'info')}`,
      '- name: backend-image\n  imageName: todo/backend:aaa\n',
    );
    const head = readManifests(
      `# other header\n${configMap('a', 'debug')}${configMap('new', 'info')}`,
      '- name: backend-image\n  imageName: todo/backend:aaa\n',
    );
    const changes = diffManifests(base, head);
    expect(changes.map((c) => [c.key, c.change])).toEqual([
      ['ConfigMap/a', 'changed'],
      ['ConfigMap/gone', 'removed'],
      ['ConfigMap/new', 'added'],
    ]);
    expect(changes[0]?.patch).toContain('-  LOG_LEVEL: info\n+  LOG_LEVEL: debug');
  });

  it('when the same objects are written with other formatting or order, then there is no change', () => {
    const a = readManifests('---\nkind: ConfigMap\nmetadata: {name: x}\ndata: {A: "1"}\n');
    const b = readManifests('---\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  A: "1"\n');
    expect(diffManifests(a, b)).toEqual([]);
  });
});

describe('formatReport', () => {
  it('when a stack has changes and a mandatory violation, then the comment summarises both and the check fails', () => {
    const stacks = [
      { stack: 'dev', changes: [{ key: 'ConfigMap/a', change: 'changed' as const, patch: '-a\n+b' }], violations: [] },
      {
        stack: 'prod',
        changes: [],
        violations: [{ policy: 'no-latest-image', enforcementLevel: 'mandatory', message: 'backend/backend: image "x" is not pinned' }],
      },
    ];
    const report = formatReport('abc1234', 'head', stacks);
    expect(report.startsWith(`${REPORT_MARKER}\n## Rendered manifests: \`abc1234\` → head`)).toBe(true);
    expect(report).toContain('| dev | 1 changed, 0 added, 0 removed | passes |');
    expect(report).toContain('| prod | no change | **1 mandatory violation**, 0 advisory warnings |');
    expect(report).toContain('<details><summary>ConfigMap/a (changed)</summary>\n\n```diff\n-a\n+b\n```');
    expect(report).toContain('- ❌ `no-latest-image` (mandatory): backend/backend: image "x" is not pinned');
    expect(hasMandatoryViolation(stacks)).toBe(true);
    expect(hasMandatoryViolation([{ stack: 'dev', changes: [], violations: [] }])).toBe(false);
  });

  it('when the diff is longer than a GitHub comment allows, then it is cut with its code block closed and a pointer to the full diff', () => {
    const patch = Array.from({ length: 5000 }, (_, i) => `+line ${i} ${'x'.repeat(20)}`).join('\n');
    const report = formatReport('abc1234', 'head', [
      { stack: 'dev', changes: [{ key: 'ConfigMap/a', change: 'added', patch }], violations: [] },
    ]);
    expect(report.length).toBeLessThan(65_536);
    expect((report.match(/```/g) ?? []).length % 2).toBe(0);
    expect(report).toContain('… truncated: run `npm run render -- --diff abc1234` for the whole diff.');
  });
});

describe('renderAtRef', () => {
  let repo: string;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

  beforeAll(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'render-base-'));
    fs.symlinkSync(path.resolve(__dirname, '..', '..', 'node_modules'), path.join(repo, 'node_modules'));
    fs.writeFileSync(path.join(repo, '.gitignore'), 'node_modules\n');
    fs.mkdirSync(path.join(repo, 'scripts'));
    // A stand-in for that commit's own render script: writes all.yaml from a file of the commit.
    fs.writeFileSync(
      path.join(repo, 'scripts', 'render.ts'),
      "import * as fs from 'node:fs';\nconst [stack, out] = process.argv.slice(2);\nfs.mkdirSync(out, { recursive: true });\n" +
        "fs.writeFileSync(`${out}/all.yaml`, `---\\nkind: ConfigMap\\nmetadata:\\n  name: ${stack}\\ndata:\\n  V: '${fs.readFileSync('version.txt', 'utf8').trim()}'\\n`);\n",
    );
    fs.writeFileSync(path.join(repo, 'version.txt'), 'v1\n');
    git('init', '-q');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '.');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'v1');
    fs.writeFileSync(path.join(repo, 'version.txt'), 'v2\n');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qam', 'v2');
  });
  afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

  it('when rendering the previous commit, then its own render script and files are used and the worktree is gone afterwards', () => {
    const base = renderAtRef(repo, 'HEAD~1', ['dev'], () => undefined);
    expect(base.commit).toBe(git('rev-parse', '--short', 'HEAD~1').trim());
    const dev = base.stacks.dev;
    expect(dev && 'allYaml' in dev ? readManifests(dev.allYaml).get('ConfigMap/dev') : dev).toContain('V: v1');
    expect(git('worktree', 'list').trim().split('\n')).toHaveLength(1);
  });
});
