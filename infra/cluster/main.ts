/**
 * npm run test:cluster [-- --context <kubectl context>] [--keep]
 *
 * The project's own deploy, preview, refresh and destroy commands, run by the real Pulumi CLI,
 * Node language host and Kubernetes provider against a real Kubernetes API server, on a fresh clone
 * of the commit under test (docs/testing.md, "The cluster suite").
 *
 * Default: a throwaway kwok cluster (etcd, kube-apiserver, controller-manager, scheduler, simulated
 * nodes) and the tools .ci/tools.sh builds; images built by the local Docker engine and deployed by
 * reference. With --context: an existing cluster (a laptop's Minikube), the CLI from PULUMI_BIN or
 * the npm package, and images built by the program through @pulumi/docker.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { execOk, tail } from './exec';
import { BuiltImages, ReferencedImages } from './image-sources';
import { Kubectl } from './kube';
import { createKwokCluster, type KwokCluster } from './kwok';
import { lastReleaseFile, deploySteps, teardownSteps, type SuiteContext, type Step } from './steps';
import { databaseSteps } from './steps-database';
import { imageLoadSteps, imageLoadTeardown } from './steps-image-load';
import { interruptedSteps } from './steps-interrupted';
import { watchStep } from './steps-watch';
import { loadTools, parseExports } from './tools';
import { createWorkspace, headCommit } from './workspace';

const ROOT = path.resolve(__dirname, '..', '..');
const STACK = 'dev';
const NAMESPACE = 'todo-app';

const seconds = (start: number) => `${((performance.now() - start) / 1000).toFixed(1)} s`;

/** Runs one named phase, printing one line with its time; the log path on failure. */
async function phase<T>(label: string, log: string, body: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    const value = await body();
    console.log(`ok    ${label} (${seconds(start)})`);
    return value;
  } catch (error) {
    console.log(`FAIL  ${label} (${seconds(start)})\n${indent(errorText(error))}\n      log: ${log}`);
    throw error;
  }
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
const indent = (text: string) =>
  text
    .split('\n')
    .map((l) => `      ${l}`)
    .join('\n');

/** Where this run keeps its files and logs, and what it tests. */
interface SuiteRun {
  runDir: string;
  logDir: string;
  setupLog: string;
  commit: string;
  lastRelease: string;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { context: { type: 'string' }, keep: { type: 'boolean' } }, strict: true });
  const started = performance.now();
  const run = prepareRun();
  console.log(
    `Cluster suite on ${run.commit.slice(0, 12)} (last release ${run.lastRelease.slice(0, 12)}); logs in ${path.relative(process.cwd(), run.logDir)}/`,
  );

  let cluster: KwokCluster | undefined;
  let counts = { passed: 0, failed: 0 };
  try {
    const setup = values.context ? await onExistingCluster(values.context, run) : await onKwokCluster(run);
    cluster = setup.cluster;
    await initStack(setup.ctx, run.setupLog);
    counts = await runSteps(setup.ctx, run.logDir, !values.context);
  } catch {
    counts.failed += 1;
  } finally {
    await cleanUp(run.runDir, cluster, values.keep);
  }
  console.log(`\ncluster suite: ${seconds(started)} in all`);
  console.log(`${counts.passed} passed, ${counts.failed} failed`);
  return counts.failed === 0 ? 0 : 1;
}

/** A fresh run directory, an emptied log directory, and the commits under test. */
function prepareRun(): SuiteRun {
  const runDir = fs.mkdtempSync('/tmp/todo-cluster-');
  const logDir = path.join(ROOT, 'artifacts', 'cluster');
  fs.rmSync(logDir, { recursive: true, force: true });
  fs.mkdirSync(logDir, { recursive: true });
  const commit = headCommit(ROOT);
  const lastRelease = fs.readFileSync(lastReleaseFile(ROOT), 'utf8').trim();
  return { runDir, logDir, setupLog: path.join(logDir, '00-setup.log'), commit, lastRelease };
}

/** --context: an existing cluster (a laptop's Minikube), images built by the program. */
async function onExistingCluster(context: string, run: SuiteRun): Promise<{ ctx: SuiteContext; cluster?: KwokCluster }> {
  const { setupLog, logDir, lastRelease } = run;
  const kubeconfig = process.env.KUBECONFIG ?? path.join(process.env.HOME ?? '/root', '.kube', 'config');
  const ws = await phase('fresh clone, npm ci', setupLog, () =>
    createWorkspace({ root: ROOT, commit: run.commit, runDir: run.runDir, log: setupLog }),
  );
  const ctx = {
    ws,
    kubectl: new Kubectl(kubeconfig, context),
    context,
    namespace: NAMESPACE,
    stack: STACK,
    images: new BuiltImages(),
    logDir,
    lastRelease,
  };
  return { ctx };
}

/** Default: the tools, a Docker engine, a throwaway kwok cluster, and images deployed by reference. */
async function onKwokCluster(run: SuiteRun): Promise<{ ctx: SuiteContext; cluster: KwokCluster }> {
  const { setupLog, logDir, lastRelease, runDir } = run;
  const tools = await phase('tools (.ci/tools.sh, cached by version)', setupLog, () => loadTools(ROOT, setupLog));
  await phase('Docker engine (.ci/docker.sh)', setupLog, async () => {
    // It names the client that drives BuildKit with this engine (the Debian one, not a newer
    // client without the buildx plugin).
    const docker = parseExports(await execOk('bash', [path.join(ROOT, '.ci', 'docker.sh')], { log: setupLog })).DOCKER;
    if (docker) process.env.DOCKER = docker;
  });
  const kubeconfig = path.join(runDir, 'kwok', 'kubeconfig');
  const ws = await phase('fresh clone, npm ci, Kubernetes provider plugin', setupLog, () =>
    createWorkspace({ root: ROOT, commit: run.commit, runDir, tools, kubeconfig, log: setupLog }),
  );
  const failingImage = await phase('failing-migration backend image (docker build)', setupLog, () =>
    ReferencedImages.buildFailing(ws, setupLog),
  );
  const cluster = await phase('kwok cluster (etcd, kube-apiserver, controller-manager, scheduler, kwok)', setupLog, () =>
    createKwokCluster({ name: 'todo-suite', tools, workDir: path.join(runDir, 'kwok'), failingImage, log: setupLog }),
  );
  const ctx = {
    ws,
    kubectl: cluster.kubectl,
    context: cluster.context,
    namespace: NAMESPACE,
    stack: STACK,
    images: new ReferencedImages(STACK),
    logDir,
    lastRelease,
  };
  return { ctx, cluster };
}

async function initStack(ctx: SuiteContext, setupLog: string): Promise<void> {
  await phase(`stack ${STACK} on context ${ctx.context}`, setupLog, async () => {
    const init = await ctx.ws.pulumi(['stack', 'init', STACK, '--secrets-provider', 'passphrase'], setupLog);
    if (init.code !== 0) throw new Error(tail(init.output, 10));
    const set = await ctx.ws.pulumi(['config', 'set', '--stack', STACK, 'kubeContext', ctx.context], setupLog);
    if (set.code !== 0) throw new Error(tail(set.output, 10));
  });
}

/**
 * Every step, in the order they run: the day-to-day ones, the database's and interruption's, and on
 * kwok the image-load stack's (its `minikube` is the fake: on a real Minikube the main stack already
 * runs the delivery that profile needs) with the deploy-on-save watch on it, before the teardown.
 */
const suiteSteps = (onKwok: boolean): Step[] => [
  ...deploySteps,
  ...databaseSteps,
  ...interruptedSteps,
  ...(onKwok ? [...imageLoadSteps, watchStep, imageLoadTeardown] : []),
  ...teardownSteps,
];

/** Runs the steps in order, each with its own log; stops at the first failure. */
async function runSteps(ctx: SuiteContext, logDir: string, onKwok: boolean): Promise<{ passed: number; failed: number }> {
  const steps = suiteSteps(onKwok);
  let passed = 0;
  for (const [i, step] of steps.entries()) {
    const log = path.join(logDir, `${String(i + 1).padStart(2, '0')}-${step.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}.log`);
    try {
      await phase(`${i + 1}/${steps.length} ${step.name}`, log, () => step.run(ctx, log));
      passed += 1;
    } catch {
      // Later steps build on this one's stack: report them as not run rather than as failures of their own.
      const skipped = steps.length - i - 1;
      if (skipped > 0) console.log(`      the ${skipped} later step(s) were not run`);
      return { passed, failed: 1 + skipped };
    }
  }
  return { passed, failed: 0 };
}

/** Deletes the kwok cluster and the run directory, unless --keep asks to keep both. */
async function cleanUp(runDir: string, cluster: KwokCluster | undefined, keep: boolean | undefined): Promise<void> {
  if (cluster && !keep) await cluster.delete().catch((e: unknown) => console.log(`could not delete the kwok cluster: ${errorText(e)}`));
  if (!keep) fs.rmSync(runDir, { recursive: true, force: true });
  else console.log(`kept ${runDir}${cluster ? ` and kwok cluster ${cluster.name} (KUBECONFIG=${cluster.kubeconfig})` : ''}`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
