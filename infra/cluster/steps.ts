import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runPolicies } from '../render/policies';
import { tail } from './exec';
import { fakeParityProblems } from './fake-parity';
import type { KubeObject, Kubectl } from './kube';
import {
  currentReplicaSet,
  differences,
  jobSucceeded,
  migrationJobs,
  renderedObjects,
  servicesWithoutEndpoints,
  stackConfig,
  unavailableWorkloads,
} from './verify';
import { installDependencies, type Workspace } from './workspace';

/** How the stack under test gets its images: by reference here (kwok), built by the program on Minikube. */
export interface ImageSource {
  /** Makes the stack deploy the checkout's own images (building them if this source builds). */
  useCheckout(ws: Workspace, log: string): Promise<void>;
  /** A new backend image (the frontend's unchanged). */
  useNewBackend(ws: Workspace, log: string): Promise<void>;
  /** A backend image whose migration fails. */
  useFailingBackend(ws: Workspace, log: string): Promise<void>;
}

export interface SuiteContext {
  ws: Workspace;
  kubectl: Kubectl;
  /** The kubectl context the stack deploys to (`kubeContext`). */
  context: string;
  namespace: string;
  stack: string;
  images: ImageSource;
  logDir: string;
  /** The commit the upgrade step deploys first (infra/testing/last-release). */
  lastRelease: string;
}

export interface Step {
  name: string;
  run(ctx: SuiteContext, log: string): Promise<void>;
}

/** A project command that must succeed; the failure shows the command's last lines. */
export function mustPass(what: string, result: { code: number; output: string }): string {
  assert.equal(result.code, 0, `${what} exited ${result.code}, expected 0:\n${tail(result.output, 30)}`);
  return result.output;
}

/**
 * `npm run deploy` runs the policy pack through the engine, which the Node language host the kwok
 * run has (3.68, built by .ci/tools.sh) cannot do: there, and only there, the suite deploys with
 * `--no-policy` (and the deploy's output says the pack was skipped). The workspace marks that run by
 * disabling plugin acquisition (workspace.ts). On Minikube (cluster.yml, a laptop) the CLI brings
 * its own language host (pulumi/actions puts the release archive's bin/, language hosts included,
 * on PATH: src/libs/pulumi-cli.ts `downloadCli`), so every deploy there runs the pack for real. A
 * commit from before the flag (the upgrade step's last release) deploys without the pack anyway and
 * would hand the unknown flag to the CLI, so it gets none.
 */
export function deployArgs(ctx: SuiteContext): string[] {
  const builtTools = ctx.ws.env.PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION === 'true';
  const knowsFlag = fs.readFileSync(path.join(ctx.ws.dir, 'infra', 'deploy', 'args.ts'), 'utf8').includes("'no-policy'");
  return ['--stack', ctx.stack, '--yes', '--no-smoke', ...(builtTools && knowsFlag ? ['--no-policy'] : [])];
}

/** `npm run deploy` that must pass; resolves to when it started (for assertDeployed). */
export async function deploy(ctx: SuiteContext, log: string): Promise<number> {
  const started = Date.now();
  mustPass('npm run deploy', await ctx.ws.npm('deploy', deployArgs(ctx), log));
  return started;
}

/** The plan `pulumi preview --json` prints: each step's operation and URN. */
export async function plan(ctx: SuiteContext, log: string): Promise<{ op: string; urn: string }[]> {
  const out = mustPass('pulumi preview --json', await ctx.ws.pulumi(['preview', '--stack', ctx.stack, '--json'], log));
  const json = JSON.parse(out.slice(out.indexOf('{'))) as { steps?: { op: string; urn: string }[] };
  return (json.steps ?? []).filter((s) => s.op !== 'same').map((s) => ({ op: s.op, urn: s.urn }));
}

export const describePlan = (steps: { op: string; urn: string }[]) =>
  steps.map((s) => `${s.op} ${s.urn.split('::').slice(-2).join('::')}`).join('\n');

export function deployment(ctx: SuiteContext, name: string): KubeObject {
  const d = ctx.kubectl.get('deployment.apps', name, ctx.namespace);
  assert.ok(d, `deployment ${name} not found in ${ctx.namespace}`);
  return d;
}

export const containerImage = (d: KubeObject): string =>
  ((d.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0] as { image: string }).image;

/**
 * Everything a deploy that started at `since` promised: the render's objects as declared, pods
 * ready, endpoints, and a completed migration Job for the backend's image, which completed before
 * the backend's ReplicaSet was created when this deploy rolled the backend (after a failed
 * migration is fixed, the backend keeps its ReplicaSet and only the Job runs again).
 */
export async function assertDeployed(ctx: SuiteContext, log: string, since: number): Promise<void> {
  // Rendered from the clone: the content tags of images built from it (image-load) are its files'.
  const objects = await renderedObjects(await stackConfig(ctx.ws, ctx.stack), ctx.stack, ctx.ws.dir);
  fs.appendFileSync(log, `\nrendered objects: ${objects.map((o) => `${o.kind}/${o.name}`).join(', ')}\n`);
  assert.deepEqual(differences(ctx.kubectl, objects), [], 'every object the render lists is on the API server as rendered');
  assert.deepEqual(unavailableWorkloads(ctx.kubectl, ctx.namespace), [], 'workloads available');
  assert.deepEqual(servicesWithoutEndpoints(ctx.kubectl, ctx.namespace), [], 'services with a ready endpoint');
  const image = containerImage(deployment(ctx, 'backend'));
  const job = migrationJobs(ctx.kubectl, ctx.namespace).find((j) => containerImage(j) === image);
  assert.ok(job && jobSucceeded(job), `a completed migration Job runs ${image}`);
  const completed = Date.parse(String((job.status as { completionTime?: string }).completionTime));
  const rolled = Date.parse(currentReplicaSet(ctx.kubectl, ctx.namespace, 'backend').metadata.creationTimestamp);
  // The API server's timestamps have whole seconds.
  if (rolled < since - 1000) return;
  assert.ok(
    completed <= rolled,
    `the migration Job completed (${new Date(completed).toISOString()}) before the backend's ReplicaSet was created (${new Date(rolled).toISOString()})`,
  );
}

/** A fresh deploy of the checkout, then what a team does with it day to day; each leaves the stack deployed. */
export const deploySteps: Step[] = [
  {
    name: 'fresh deploy: npm run deploy -- --yes --no-smoke',
    async run(ctx, log) {
      await ctx.images.useCheckout(ctx.ws, log);
      await assertDeployed(ctx, log, await deploy(ctx, log));
    },
  },
  {
    name: 'a second deploy changes nothing (pulumi preview --expect-no-changes)',
    async run(ctx, log) {
      mustPass(
        'pulumi preview --expect-no-changes',
        await ctx.ws.pulumi(['preview', '--stack', ctx.stack, '--expect-no-changes', '--diff'], log),
      );
    },
  },
  {
    name: 'refresh after a deploy finds nothing; after kubectl scale it reports the drift',
    async run(ctx, log) {
      mustPass(
        'npm run refresh -- --expect-no-changes',
        await ctx.ws.npm('refresh', ['--stack', ctx.stack, '--yes', '--expect-no-changes'], log),
      );
      ctx.kubectl.run(['scale', 'deployment/backend', '-n', ctx.namespace, '--replicas', '3']);
      const drift = await ctx.ws.npm('refresh', ['--stack', ctx.stack, '--preview-only', '--expect-no-changes', '--diff'], log);
      ctx.kubectl.run(['scale', 'deployment/backend', '-n', ctx.namespace, '--replicas', '2']);
      assert.notEqual(drift.code, 0, `refresh --expect-no-changes passed after kubectl scale:\n${tail(drift.output, 20)}`);
      assert.match(
        drift.output,
        /kubernetes:apps\/v1:Deployment[\s\S]*backend|backend[\s\S]*replicas/,
        'the drift names the backend Deployment',
      );
      assert.match(drift.output, /replicas/, 'the drift names the replicas field');
    },
  },
  {
    name: "the policy pack over the deployed stack's resources (state inputs, as the engine passes them)",
    async run(ctx, log) {
      const out = mustPass('pulumi stack export', await ctx.ws.pulumi(['stack', 'export', '--stack', ctx.stack], log));
      const state = JSON.parse(out.slice(out.indexOf('{'))) as {
        deployment: { resources: { urn: string; type: string; inputs?: Record<string, unknown> }[] };
      };
      const resources = state.deployment.resources
        .filter((r) => r.type.startsWith('kubernetes:') && !r.type.startsWith('pulumi:providers:'))
        .map((r) => ({ type: r.type, name: r.urn.split('::').pop() as string, urn: r.urn, inputs: r.inputs ?? {} }));
      assert.ok(resources.length > 10, `the state holds the stack's Kubernetes objects (found ${resources.length})`);
      const violations = await runPolicies(resources);
      assert.deepEqual(
        violations.filter((v) => v.enforcementLevel === 'mandatory'),
        [],
        'no mandatory policy violated',
      );
    },
  },
  {
    name: 'a new backend image rolls the backend and re-runs the migration, and leaves the frontend alone',
    async run(ctx, log) {
      const frontendBefore = deployment(ctx, 'frontend').metadata;
      const jobsBefore = migrationJobs(ctx.kubectl, ctx.namespace).map((j) => j.metadata.name);
      await ctx.images.useNewBackend(ctx.ws, log);
      const changes = await plan(ctx, log);
      assert.deepEqual(
        changes.filter((s) => /frontend/.test(s.urn)),
        [],
        `the plan touches nothing of the frontend:\n${describePlan(changes)}`,
      );
      assert.ok(
        changes.some((s) => /Deployment::backend/.test(s.urn) && s.op === 'update'),
        `the plan updates the backend Deployment:\n${describePlan(changes)}`,
      );
      assert.ok(
        changes.some((s) => /Job::/.test(s.urn) && /replace/.test(s.op)),
        `the plan replaces the migration Job:\n${describePlan(changes)}`,
      );
      await assertDeployed(ctx, log, await deploy(ctx, log));
      const frontendAfter = deployment(ctx, 'frontend').metadata;
      assert.equal(frontendAfter.generation, frontendBefore.generation, 'the frontend Deployment was not changed');
      const jobsAfter = migrationJobs(ctx.kubectl, ctx.namespace).map((j) => j.metadata.name);
      assert.equal(jobsAfter.length, 1, `one migration Job left (found ${jobsAfter.join(', ')})`);
      assert.ok(!jobsBefore.includes(jobsAfter[0] as string), `a new migration Job ran (${jobsAfter[0]})`);
    },
  },
  {
    name: 'a migration that fails stops the deploy naming the Job; the fix deploys',
    async run(ctx, log) {
      const backendBefore = containerImage(deployment(ctx, 'backend'));
      await ctx.images.useFailingBackend(ctx.ws, log);
      const failed = await ctx.ws.npm('deploy', deployArgs(ctx), log);
      assert.notEqual(failed.code, 0, `deploy passed with a failing migration:\n${tail(failed.output, 20)}`);
      const failedJob = migrationJobs(ctx.kubectl, ctx.namespace).find((j) => containerImage(j) !== backendBefore);
      assert.ok(failedJob, 'the failing migration Job exists');
      assert.ok(
        failed.output.includes(failedJob.metadata.name),
        `the deploy's output names the Job ${failedJob.metadata.name}:\n${tail(failed.output, 30)}`,
      );
      assert.equal(containerImage(deployment(ctx, 'backend')), backendBefore, 'the backend did not roll past a failed migration');
      // The fix: the bad migration reverted, so the backend is the image that was running.
      await ctx.images.useNewBackend(ctx.ws, log);
      await assertDeployed(ctx, log, await deploy(ctx, log));
      const left = migrationJobs(ctx.kubectl, ctx.namespace).map((j) => j.metadata.name);
      assert.ok(
        !left.includes(failedJob.metadata.name),
        `the failed Job ${failedJob.metadata.name} was replaced (Jobs now: ${left.join(', ')})`,
      );
    },
  },
];

/** The end of a stack's life, an upgrade from the last release, and the fake CLI's parity: they run last. */
export const teardownSteps: Step[] = [
  {
    name: 'destroy: npm run destroy -- --yes leaves no object of the stack',
    async run(ctx, log) {
      mustPass('npm run destroy', await ctx.ws.npm('destroy', ['--stack', ctx.stack, '--yes'], log));
      assert.equal(ctx.kubectl.get('namespace', ctx.namespace), undefined, `namespace ${ctx.namespace} is gone`);
      const left = ctx.kubectl
        .run(['get', 'all,configmaps,secrets,pvc,networkpolicies,pdb', '-A', '-l', `app.kubernetes.io/instance=${ctx.stack}`, '-o', 'name'])
        .trim();
      assert.equal(left, '', 'no object labelled with the stack is left');
    },
  },
  {
    name: 'upgrade from the last release replaces nothing stateful and keeps the secrets',
    async run(ctx, log) {
      const head = ctx.ws.commit;
      await switchCommit(ctx, ctx.lastRelease, log);
      await ctx.images.useCheckout(ctx.ws, log);
      await deploy(ctx, log);
      const before = statefulIdentity(ctx);
      await switchCommit(ctx, head, log);
      await ctx.images.useCheckout(ctx.ws, log);
      const changes = await plan(ctx, log);
      const stateful = changes.filter(
        (s) => /(Namespace|StatefulSet|PersistentVolumeClaim|Secret)::/.test(s.urn) && /delete|replace|create/.test(s.op),
      );
      assert.deepEqual(stateful, [], `the upgrade plan deletes or replaces nothing stateful:\n${describePlan(changes)}`);
      await assertDeployed(ctx, log, await deploy(ctx, log));
      assert.deepEqual(statefulIdentity(ctx), before, 'namespace, StatefulSet and claim are the same objects; Secrets keep their values');
      mustPass('npm run destroy', await ctx.ws.npm('destroy', ['--stack', ctx.stack, '--yes'], log));
    },
  },
  {
    name: 'the fake pulumi of npm test refuses what the real CLI refuses, in the same words',
    async run(ctx, log) {
      const real = ctx.ws.env.PULUMI_BIN ?? path.join(ctx.ws.dir, 'node_modules', '.bin', 'pulumi');
      const fake = path.join(ctx.ws.dir, 'infra', 'testing', 'fakes', 'pulumi');
      const dir = fs.mkdtempSync(path.join(ctx.logDir, 'parity-'));
      try {
        assert.deepEqual(await fakeParityProblems(real, fake, dir, log), [], 'the fake and the real CLI agree');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];

/** uids of the stateful objects and the Secrets' values: what an upgrade must keep. */
export function statefulIdentity(ctx: SuiteContext): Record<string, string> {
  const identity: Record<string, string> = {};
  const ns = ctx.kubectl.get('namespace', ctx.namespace);
  identity.namespace = ns?.metadata.uid ?? 'missing';
  for (const o of ctx.kubectl.list('statefulsets.apps,persistentvolumeclaims', ctx.namespace))
    identity[`${o.kind}/${o.metadata.name}`] = o.metadata.uid;
  for (const s of ctx.kubectl.list('secrets', ctx.namespace)) identity[`Secret/${s.metadata.name}`] = JSON.stringify(s.data ?? {});
  return identity;
}

/**
 * Moves the clone to another commit the way a user pulls: local changes (the stack file's config
 * and generated secrets) carried over, then `npm ci`.
 */
async function switchCommit(ctx: SuiteContext, commit: string, log: string): Promise<void> {
  if (ctx.ws.commit === commit) return;
  const changed = (await ctx.ws.git(['status', '--porcelain'], log)).trim() !== '';
  if (changed) await ctx.ws.git(['-c', 'user.name=cluster-suite', '-c', 'user.email=suite@localhost', 'stash', '--include-untracked'], log);
  await ctx.ws.git(['checkout', '--quiet', '--detach', commit], log);
  if (changed) await ctx.ws.git(['stash', 'pop'], log);
  await installDependencies(ctx.ws, log);
  ctx.ws.commit = commit;
}

export const lastReleaseFile = (root: string) => path.join(root, 'infra', 'testing', 'last-release');
