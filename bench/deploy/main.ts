/**
 * npm run bench:deploy [-- --runs <n>] [--only <scenario,...>] [--context <kubectl context>]
 *
 * The deploy loop on the cluster suite's environment (the real Pulumi CLI, language host and
 * Kubernetes provider; a kwok cluster; the local Docker engine): a fresh clone's cold deploy, a
 * no-op deploy, and a one-line change to the backend, the frontend and packages/contracts, each
 * timed from the saved change to `npm run deploy`'s exit (the provider awaits the rollouts, so
 * that is pods ready), split into phases. Here the images are built by the bench's own
 * `docker build` and deployed by reference (the docker provider cannot be had on these machines),
 * so every figure's path is "image reference". With `--context minikube` (a laptop's Minikube with
 * the docker runtime) the program builds them through `@pulumi/docker` in Minikube's daemon, as
 * `npm run deploy` does for a user: the path "@pulumi/docker", whose builds are inside the engine's
 * time. Prints the table and the targets and writes bench/deploy-results.json; figures are
 * reported, never asserted.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { execOk } from '../../infra/cluster/exec';
import { buildImage, type App } from '../../infra/cluster/images';
import { Kubectl } from '../../infra/cluster/kube';
import { createKwokCluster } from '../../infra/cluster/kwok';
import { loadTools, parseExports } from '../../infra/cluster/tools';
import { createWorkspace, headCommit, type Workspace } from '../../infra/cluster/workspace';
import { targetTable } from '../lib/report';
import { deployTable, deployTargets, type Phase, type Sample, type ScenarioResult } from './summary';

const ROOT = path.resolve(__dirname, '..', '..');
const STACK = 'bench';
/** Its own namespace and NodePort: on a laptop's Minikube the dev stack keeps `todo-app` and 30080. */
const NAMESPACE = 'todo-bench';
const NODE_PORT = '30181';

/** The one-line changes: a comment appended to a file each image is built from (the behaviour stays). */
const CHANGES: Record<string, { files: string[]; rebuilds: App[] }> = {
  'backend change': { files: ['apps/backend/src/main.ts'], rebuilds: ['backend'] },
  'frontend change': { files: ['apps/frontend/src/app/layout.tsx'], rebuilds: ['frontend'] },
  'contracts change': { files: ['packages/contracts/src/index.ts'], rebuilds: ['backend', 'frontend'] },
};
/**
 * `preview alone`: the CLI's `pulumi preview` of the deployed stack, no wrapper: one evaluation of
 * the program with the engine's and the provider's start, about half of what a no-op `up` (a
 * preview, then the update) cannot do without. The floor the no-op target is set against.
 */
const PREVIEW_ALONE = 'preview alone';
const SCENARIOS = ['cold', 'no-op', PREVIEW_ALONE, ...Object.keys(CHANGES)];

const since = (start: number) => (performance.now() - start) / 1000;

interface Bench {
  ws: Workspace;
  kubectl: Kubectl;
  log: string;
  /** Counts the changes made (part of each run's comment, so each image is new). */
  edits: number;
  /** True on a laptop's Minikube: the program builds the images (`@pulumi/docker`), the bench does not. */
  programBuilds: boolean;
}

/** The path each figure covers, in the table. */
const pathLabel = (bench: Bench) => (bench.programBuilds ? '@pulumi/docker (Minikube docker-env)' : 'image reference');

/** Builds both images (only what changed: a present content tag is not built again), timing each, and points the stack at them. */
async function buildAndPoint(bench: Bench, phases: Sample['phases'], noCache = false): Promise<void> {
  const refs: Record<App, string> = { backend: '', frontend: '' };
  for (const app of ['backend', 'frontend'] as const) {
    const start = performance.now();
    refs[app] = await buildImage(bench.ws.dir, app, bench.log, process.env.DOCKER, { noCache });
    phases[`build ${app}` as Phase] = since(start);
  }
  for (const app of ['backend', 'frontend'] as const) {
    await execOk(String(bench.ws.env.PULUMI_BIN), ['config', 'set', '--stack', STACK, `${app}Image`, refs[app]], {
      cwd: bench.ws.dir,
      env: bench.ws.env,
      log: bench.log,
    });
  }
}

/**
 * `npm run deploy` timed line by line: the wrapper's checks end where it prints `State:`, the rest
 * is the engine (program evaluation, preview, update and the provider's awaits). The migration
 * Job's own run comes from the API server's timestamps (whole seconds).
 */
async function timedDeploy(bench: Bench, phases: Sample['phases']): Promise<number> {
  // --no-policy only with the locally built language host, which cannot run a pack (as the cluster suite).
  const policy = bench.ws.env.PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION === 'true' ? ['--no-policy'] : [];
  const args = ['run', '--silent', 'deploy', '--', '--stack', STACK, '--yes', '--no-smoke', ...policy];
  fs.appendFileSync(bench.log, `\n$ npm ${args.join(' ')}\n`);
  const start = performance.now();
  let checksDone: number | undefined;
  const code = await new Promise<number>((resolve) => {
    const child = spawn('npm', args, { cwd: bench.ws.dir, env: bench.ws.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const collect = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      if (checksDone === undefined && /^State: /m.test(text)) checksDone = since(start);
      fs.appendFileSync(bench.log, chunk);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('close', (exit) => resolve(exit ?? 1));
  });
  const total = since(start);
  if (code !== 0) throw new Error(`npm run deploy exited ${code}: see ${bench.log}`);
  phases['wrapper checks'] = checksDone;
  phases['engine (program, preview, update)'] = checksDone === undefined ? undefined : total - checksDone;
  return total;
}

/** The newest migration Job's run (creation to completion), when this deploy made one. */
function migrationSeconds(bench: Bench, after: number): number | undefined {
  const jobs = JSON.parse(bench.kubectl.run(['get', 'jobs', '-n', NAMESPACE, '-o', 'json'])) as {
    items: { metadata: { creationTimestamp: string }; status?: { completionTime?: string } }[];
  };
  const job = jobs.items
    .filter((j) => Date.parse(j.metadata.creationTimestamp) >= after - 1000)
    .sort((a, b) => Date.parse(b.metadata.creationTimestamp) - Date.parse(a.metadata.creationTimestamp))[0];
  if (!job?.status?.completionTime) return undefined;
  return (Date.parse(job.status.completionTime) - Date.parse(job.metadata.creationTimestamp)) / 1000;
}

/** `pulumi preview` of the stack, with the environment the wrapper gives the CLI. */
async function previewAlone(bench: Bench): Promise<Sample> {
  const bin = String(bench.ws.env.PULUMI_BIN ?? path.join(bench.ws.dir, 'node_modules', '.bin', 'pulumi'));
  const env = { ...bench.ws.env, PULUMI_SKIP_UPDATE_CHECK: 'true', PULUMI_NODEJS_TRANSPILE_ONLY: 'true' };
  const start = performance.now();
  await execOk(bin, ['preview', '--stack', STACK, '--expect-no-changes'], { cwd: bench.ws.dir, env, log: bench.log });
  const total = since(start);
  return { phases: { 'engine (program, preview, update)': total }, deploy: total, total };
}

/** One run of a scenario: make its change, build, deploy, and time it all. */
async function runScenario(bench: Bench, scenario: string): Promise<Sample> {
  const phases: Sample['phases'] = {};
  if (scenario === 'cold') {
    // A cold deploy: nothing of the stack in the cluster, and every image layer built again.
    await execOk('npm', ['run', '--silent', 'destroy', '--', '--stack', STACK, '--yes'], {
      cwd: bench.ws.dir,
      env: bench.ws.env,
      log: bench.log,
    });
    // The program's builds are cold when Minikube's daemon has no build cache left.
    if (bench.programBuilds) await execOk('minikube', ['ssh', '--', 'docker', 'builder', 'prune', '--all', '--force'], { log: bench.log });
  }
  if (scenario === PREVIEW_ALONE) return previewAlone(bench);
  const change = CHANGES[scenario];
  if (change) {
    bench.edits += 1;
    // Unique per run and per bench: the content tag of an earlier run's identical change would find
    // its image already built and measure no build at all.
    const mark = `${Date.now()}-${process.pid}-${bench.edits}`;
    for (const file of change.files) fs.appendFileSync(path.join(bench.ws.dir, file), `// bench:deploy change ${mark}\n`);
  }
  const start = performance.now();
  const wall = Date.now();
  if (scenario !== 'no-op' && !bench.programBuilds) await buildAndPoint(bench, phases, scenario === 'cold');
  const deploy = await timedDeploy(bench, phases);
  phases['migration Job'] = migrationSeconds(bench, wall);
  return { phases, deploy, total: since(start) };
}

/** Where the bench runs: a throwaway kwok cluster with the built tools, or `--context`'s cluster. */
async function setUp(
  context: string | undefined,
  runDir: string,
  log: string,
): Promise<{ ws: Workspace; kubectl: Kubectl; cleanUp: () => Promise<void> }> {
  if (context) {
    const kubeconfig = process.env.KUBECONFIG ?? path.join(process.env.HOME ?? '/root', '.kube', 'config');
    const ws = await createWorkspace({ root: ROOT, commit: headCommit(ROOT), runDir, log });
    return { ws, kubectl: new Kubectl(kubeconfig, context), cleanUp: () => Promise.resolve() };
  }
  const tools = await loadTools(ROOT, log);
  const docker = parseExports(await execOk('bash', [path.join(ROOT, '.ci', 'docker.sh')], { log })).DOCKER;
  if (docker) process.env.DOCKER = docker;
  const kubeconfig = path.join(runDir, 'kwok', 'kubeconfig');
  const ws = await createWorkspace({ root: ROOT, commit: headCommit(ROOT), runDir, tools, kubeconfig, log });
  const cluster = await createKwokCluster({
    name: 'todo-bench',
    tools,
    workDir: path.join(runDir, 'kwok'),
    failingImage: 'todo/none:never',
    log,
  });
  return { ws, kubectl: cluster.kubectl, cleanUp: () => cluster.delete().catch(() => undefined) };
}

/** The bench's stack: the dev stack's settings under another name, namespace and NodePort, on `context`. */
async function initStack(ws: Workspace, context: string, log: string): Promise<void> {
  fs.copyFileSync(path.join(ws.dir, 'Pulumi.dev.yaml'), path.join(ws.dir, `Pulumi.${STACK}.yaml`));
  const pulumi = (args: string[]) =>
    execOk(String(ws.env.PULUMI_BIN ?? path.join(ws.dir, 'node_modules', '.bin', 'pulumi')), args, { cwd: ws.dir, env: ws.env, log });
  await pulumi(['stack', 'init', STACK, '--secrets-provider', 'passphrase']);
  for (const [key, value] of [
    ['kubeContext', context],
    ['environment', 'dev'],
    ['namespace', NAMESPACE],
    ['frontendNodePort', NODE_PORT],
  ] as const) {
    await pulumi(['config', 'set', '--stack', STACK, key, value]);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '3' }, only: { type: 'string' }, context: { type: 'string' } },
    strict: true,
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number of at least 1 (got ${values.runs})`);
  const only = values.only?.split(',').map((s) => s.trim());
  const unknown = only?.filter((s) => !SCENARIOS.includes(s)) ?? [];
  if (unknown.length > 0) throw new Error(`--only: unknown scenario(s) ${unknown.join(', ')}; the scenarios are ${SCENARIOS.join(', ')}`);

  const runDir = fs.mkdtempSync('/tmp/todo-bench-deploy-');
  const logDir = path.join(ROOT, 'artifacts', 'bench-deploy');
  fs.mkdirSync(logDir, { recursive: true });
  const log = path.join(logDir, 'bench-deploy.log');
  fs.writeFileSync(log, '');
  console.log(`bench:deploy on ${headCommit(ROOT).slice(0, 12)}, ${runs} run(s) per scenario; log in ${path.relative(process.cwd(), log)}`);
  const { ws, kubectl, cleanUp } = await setUp(values.context, runDir, log);
  const bench: Bench = { ws, kubectl, log, edits: 0, programBuilds: values.context !== undefined };
  try {
    await initStack(ws, kubectl.context, log);
    // The first deploy (the images built with the machine's cache) is the starting point of every scenario.
    const first: Sample['phases'] = {};
    if (!bench.programBuilds) await buildAndPoint(bench, first);
    await timedDeploy(bench, first);

    const results: ScenarioResult[] = [];
    for (const scenario of SCENARIOS.filter((s) => !only || only.includes(s))) {
      const samples: Sample[] = [];
      for (let i = 0; i < runs; i += 1) {
        const sample = await runScenario(bench, scenario);
        samples.push(sample);
        console.log(
          `  ${scenario} run ${i + 1}/${runs}: ${sample.total.toFixed(1)} s to pods ready (npm run deploy ${sample.deploy.toFixed(1)} s)`,
        );
      }
      results.push({ name: scenario, path: pathLabel(bench), samples });
    }
    console.log(`\n${deployTable(results)}\n\n${targetTable(deployTargets(results))}`);
    const file = path.join(ROOT, 'bench', 'deploy-results.json');
    fs.writeFileSync(file, `${JSON.stringify({ commit: headCommit(ROOT), runs, results, targets: deployTargets(results) }, null, 2)}\n`);
    console.log(`\nwritten: ${path.relative(process.cwd(), file)}`);
  } finally {
    // On --context the cluster is the user's: the bench's stack goes, the cluster stays.
    if (values.context) {
      await execOk('npm', ['run', '--silent', 'destroy', '--', '--stack', STACK, '--yes'], { cwd: ws.dir, env: ws.env, log }).catch(
        (e: unknown) =>
          console.log(`could not destroy the bench's stack (namespace ${NAMESPACE}): ${e instanceof Error ? e.message : String(e)}`),
      );
    }
    await cleanUp();
    fs.rmSync(runDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
