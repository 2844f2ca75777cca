import * as assert from 'node:assert/strict';
import { tail } from './exec';
import type { KubeObject } from './kube';
import { assertDeployed, deploy, deployArgs, describePlan, mustPass, plan, type Step, type SuiteContext } from './steps';

/**
 * The in-cluster database's storage and protection (issue 21, items 4 and 7), on the stack the
 * fresh deploy made (environment dev: `protectDatabase` off; kwok's StorageClass `standard` allows
 * expansion). Each step leaves the stack deployed as it found it: default size and class, not
 * protected.
 */

const CLAIM = 'data-postgres-0';

function live(ctx: SuiteContext, kind: string, name: string, namespace?: string): KubeObject {
  const found = ctx.kubectl.get(kind, name, namespace);
  assert.ok(found, `${kind} ${name} not found${namespace ? ` in ${namespace}` : ''}`);
  return found;
}

const claimSize = (claim: KubeObject) => (claim.spec as { resources: { requests: { storage: string } } }).resources.requests.storage;

/** The uids a protected destroy and the redeploy after it must keep. */
function keptIdentity(ctx: SuiteContext): Record<string, string> {
  return {
    namespace: live(ctx, 'namespace', ctx.namespace).metadata.uid,
    claim: live(ctx, 'persistentvolumeclaim', CLAIM, ctx.namespace).metadata.uid,
    credentials: live(ctx, 'secret', 'postgres-credentials', ctx.namespace).metadata.uid,
  };
}

async function config(ctx: SuiteContext, log: string, args: string[]): Promise<void> {
  mustPass(`pulumi config ${args.join(' ')}`, await ctx.ws.pulumi(['config', ...args, '--stack', ctx.stack], log));
}

/** A deploy the wrapper must refuse before the CLI runs: the message, and no update started. */
async function refusedDeploy(ctx: SuiteContext, log: string, expected: string[]): Promise<void> {
  const refused = await ctx.ws.npm('deploy', deployArgs(ctx), log);
  assert.notEqual(refused.code, 0, `deploy passed:\n${tail(refused.output, 20)}`);
  for (const line of expected) assert.ok(refused.output.includes(line), `the deploy's output says "${line}":\n${tail(refused.output, 20)}`);
  assert.doesNotMatch(refused.output, /Previewing update|Updating \(/, 'the CLI never started an update');
}

export const databaseSteps: Step[] = [
  {
    name: 'growing postgresStorageSize expands the claim in place; the StatefulSet stays',
    async run(ctx, log) {
      const statefulSet = live(ctx, 'statefulset.apps', 'postgres', ctx.namespace).metadata.uid;
      const claim = live(ctx, 'persistentvolumeclaim', CLAIM, ctx.namespace).metadata.uid;
      await config(ctx, log, ['set', 'postgresStorageSize', '2Gi']);
      const changes = await plan(ctx, log);
      assert.deepEqual(
        changes.filter((s) => /StatefulSet::/.test(s.urn)),
        [],
        `the plan leaves the StatefulSet alone:\n${describePlan(changes)}`,
      );
      assert.ok(
        changes.some((s) => /PersistentVolumeClaimPatch::/.test(s.urn) && s.op === 'update'),
        `the plan updates the claim's size patch:\n${describePlan(changes)}`,
      );
      await deploy(ctx, log);
      const grown = live(ctx, 'persistentvolumeclaim', CLAIM, ctx.namespace);
      assert.equal(claimSize(grown), '2Gi', `${CLAIM} requests 2Gi`);
      assert.equal(grown.metadata.uid, claim, `${CLAIM} is the same claim`);
      assert.equal(
        live(ctx, 'statefulset.apps', 'postgres', ctx.namespace).metadata.uid,
        statefulSet,
        'the StatefulSet is the same object',
      );

      // Back to the default size: a claim cannot shrink, so the stack is made again (dev: destroy
      // deletes the namespace and the claim). The StatefulSet's template keeps 1Gi, which the
      // render (2Gi) would not match, so nothing is asserted against it until then.
      mustPass('npm run destroy', await ctx.ws.npm('destroy', ['--stack', ctx.stack, '--yes'], log));
      await config(ctx, log, ['rm', 'postgresStorageSize']);
      await assertDeployed(ctx, log, await deploy(ctx, log));
      assert.equal(claimSize(live(ctx, 'persistentvolumeclaim', CLAIM, ctx.namespace)), '1Gi', `${CLAIM} requests 1Gi again`);
    },
  },
  {
    name: 'a smaller postgresStorageSize or another postgresStorageClass stops npm run deploy before anything changes',
    async run(ctx, log) {
      const claim = live(ctx, 'persistentvolumeclaim', CLAIM, ctx.namespace).metadata.resourceVersion;
      await config(ctx, log, ['set', 'postgresStorageSize', '512Mi']);
      await refusedDeploy(ctx, log, [
        `postgresStorageSize is 512Mi, but the database's claim ${CLAIM} already requests 1Gi: a volume claim cannot shrink, so nothing was deployed.`,
        `pulumi config set postgresStorageSize 1Gi --stack ${ctx.stack}`,
        'pg_dump -U todo todo > todo.sql',
      ]);
      await config(ctx, log, ['rm', 'postgresStorageSize']);

      await config(ctx, log, ['set', 'postgresStorageClass', 'fast']);
      await refusedDeploy(ctx, log, [
        `postgresStorageClass is fast, but the database's claim ${CLAIM} was made with class standard: a claim's class cannot change in place, so nothing was deployed.`,
        `pulumi config rm postgresStorageClass --stack ${ctx.stack}`,
      ]);
      await config(ctx, log, ['rm', 'postgresStorageClass']);

      assert.equal(live(ctx, 'persistentvolumeclaim', CLAIM, ctx.namespace).metadata.resourceVersion, claim, `${CLAIM} was not touched`);
      mustPass(
        'pulumi preview --expect-no-changes',
        await ctx.ws.pulumi(['preview', '--stack', ctx.stack, '--expect-no-changes', '--diff'], log),
      );
    },
  },
  {
    name: 'protectDatabase: destroy keeps the namespace, the claim and the credentials Secret, says so, and the next deploy uses them',
    async run(ctx, log) {
      await config(ctx, log, ['set', 'protectDatabase', 'true']);
      await deploy(ctx, log);
      const before = keptIdentity(ctx);

      const destroyed = mustPass('npm run destroy', await ctx.ws.npm('destroy', ['--stack', ctx.stack, '--yes'], log));
      for (const line of [
        `  Namespace ${ctx.namespace}`,
        `  Secret ${ctx.namespace}/postgres-credentials`,
        `  PersistentVolumeClaim ${ctx.namespace}/${CLAIM}`,
        `kubectl --context ${ctx.context} delete namespace ${ctx.namespace}`,
        `pulumi config set protectDatabase false --stack ${ctx.stack}`,
      ]) {
        assert.ok(destroyed.includes(line), `destroy's output says "${line}":\n${tail(destroyed, 20)}`);
      }
      assert.deepEqual(keptIdentity(ctx), before, 'the namespace, the claim and the credentials Secret are the same objects');
      // Never kept: PostgreSQL would run on without its Service and NetworkPolicies (database.ts).
      assert.equal(ctx.kubectl.get('statefulset.apps', 'postgres', ctx.namespace), undefined, 'the StatefulSet is gone');
      assert.equal(ctx.kubectl.get('deployment.apps', 'backend', ctx.namespace), undefined, 'the backend is gone');

      await assertDeployed(ctx, log, await deploy(ctx, log));
      assert.deepEqual(keptIdentity(ctx), before, 'the redeploy adopted the kept namespace and Secret and mounts the same claim');

      // Back to the dev default (off) by removing the key: the upgrade step deploys the last release,
      // whose config refuses keys it does not know.
      await config(ctx, log, ['rm', 'protectDatabase']);
      await deploy(ctx, log);
      mustPass(
        'pulumi preview --expect-no-changes',
        await ctx.ws.pulumi(['preview', '--stack', ctx.stack, '--expect-no-changes', '--diff'], log),
      );
    },
  },
];
