import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { APPS, type App } from '../images/app-images';
import { exec, execOk, tail, type ExecResult } from './exec';
import { imageReference } from './images';
import { assertDeployed, containerImage, deployArgs, deployment, mustPass, type Step, type SuiteContext } from './steps';

/**
 * Image-load delivery (infra/deploy/image-load.ts) on the real engine, API server and Docker engine:
 * a second stack, `loaded`, in its own namespace, says `imageDelivery: image-load`; `npm run deploy`
 * builds its images with the local Docker engine and loads them with `minikube image load`, and the
 * program deploys their content tags with `imagePullPolicy: Never` and no docker provider.
 *
 * Minikube itself does not run here: the fake `minikube` (infra/testing/fakes/minikube) answers for
 * a containerd profile named like the kwok context, takes an image only if the real Docker engine
 * has it, and keeps the "node's" images in a file. kwok's pods never pull, so the proof is on what
 * the wrapper built and loaded, the plan, and the objects on the API server.
 */
const STACK = 'loaded';
const NAMESPACE = 'todo-loaded';

/** The suite's context, pointed at the `loaded` stack and namespace. */
export const loadedContext = (ctx: SuiteContext): SuiteContext => ({ ...ctx, stack: STACK, namespace: NAMESPACE });

/** Where the fake minikube keeps the node's images and its calls, and a bin directory for PATH. */
function fakeMinikube(ctx: SuiteContext): { bin: string; images: string; record: string } {
  const dir = path.join(path.dirname(ctx.ws.dir), 'fake-minikube');
  const bin = path.join(dir, 'bin');
  if (!fs.existsSync(bin)) {
    fs.mkdirSync(bin, { recursive: true });
    fs.symlinkSync(path.join(ctx.ws.dir, 'infra', 'testing', 'fakes', 'minikube'), path.join(bin, 'minikube'));
    // The client that drives BuildKit with the suite's engine (.ci/docker.sh), first on PATH.
    if (process.env.DOCKER) fs.symlinkSync(process.env.DOCKER, path.join(bin, 'docker'));
  }
  return { bin, images: path.join(dir, 'images'), record: path.join(dir, 'calls.jsonl') };
}

/** The environment `npm run deploy` of the loaded stack runs in: the fake minikube first on PATH. */
export function loadedEnv(ctx: SuiteContext): NodeJS.ProcessEnv {
  const fake = fakeMinikube(ctx);
  return {
    ...ctx.ws.env,
    PATH: `${fake.bin}${path.delimiter}${ctx.ws.env.PATH}`,
    MINIKUBE_PROFILE: ctx.context,
    FAKE_MINIKUBE_RUNTIME: 'containerd',
    FAKE_MINIKUBE_IMAGES: fake.images,
    FAKE_RECORD: fake.record,
  };
}

/** `minikube image load` calls the fake recorded since `from` (a byte offset of its record). */
function loadsSince(ctx: SuiteContext, from: number): string[] {
  const { record } = fakeMinikube(ctx);
  if (!fs.existsSync(record)) return [];
  return fs
    .readFileSync(record, 'utf8')
    .slice(from)
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { argv: string[] }).argv)
    .filter((argv) => argv.includes('load'))
    .map((argv) => argv.at(-1) as string);
}

const recordSize = (ctx: SuiteContext) => {
  const { record } = fakeMinikube(ctx);
  return fs.existsSync(record) ? fs.statSync(record).size : 0;
};

async function deployLoaded(ctx: SuiteContext, log: string): Promise<{ output: string; loads: string[]; started: number }> {
  const loaded = loadedContext(ctx);
  const from = recordSize(ctx);
  const started = Date.now();
  const result: ExecResult = await exec('npm', ['run', '--silent', 'deploy', '--', ...deployArgs(loaded)], {
    cwd: ctx.ws.dir,
    env: loadedEnv(ctx),
    log,
  });
  return { output: mustPass('npm run deploy (image-load stack)', result), loads: loadsSince(ctx, from), started };
}

const references = (ctx: SuiteContext): Record<App, string> =>
  Object.fromEntries(APPS.map((app) => [app, imageReference(ctx.ws.dir, app)])) as Record<App, string>;

/** Each Deployment of the loaded stack runs its content tag and never pulls. */
function assertRunsLoaded(ctx: SuiteContext): void {
  const refs = references(ctx);
  const loaded = loadedContext(ctx);
  for (const app of APPS) {
    const live = deployment(loaded, app);
    const container = (live.spec as { template: { spec: { containers: { imagePullPolicy?: string }[] } } }).template.spec.containers[0];
    assert.deepEqual([containerImage(live), container?.imagePullPolicy], [refs[app], 'Never'], `Deployment ${app} runs the loaded image`);
  }
}

export const imageLoadSteps: Step[] = [
  {
    name: 'image-load: deploy builds with the local Docker, loads, runs the content tags',
    async run(ctx, log) {
      const { ws } = ctx;
      mustPass('pulumi stack init', await ws.pulumi(['stack', 'init', STACK, '--secrets-provider', 'passphrase'], log));
      const settings: [string, string][] = [
        ['kubeContext', ctx.context],
        ['namespace', NAMESPACE],
        ['environment', 'dev'],
        // The main stack holds the dev stack file's NodePort (30080).
        ['frontendNodePort', '30190'],
        ['imageDelivery', 'image-load'],
        // The suite's engine has no bridge network (.ci/docker.sh).
        ['imageBuildNetwork', 'host'],
      ];
      for (const [key, value] of settings) {
        mustPass(`pulumi config set ${key}`, await ws.pulumi(['config', 'set', '--stack', STACK, key, value], log));
      }
      // An external database: this stack needs no volume of the cluster's few.
      mustPass(
        'pulumi config set --secret databaseUrl',
        await ws.pulumi(['config', 'set', '--stack', STACK, '--secret', 'databaseUrl', 'postgresql://todo:todo@db.example:5432/todo'], log),
      );
      const refs = references(ctx);
      // The backend's tag removed from the engine: this deploy must build it (BuildKit's cache keeps it quick).
      await execOk(process.env.DOCKER ?? 'docker', ['image', 'rm', '--force', refs.backend], { log });
      const { output, loads, started } = await deployLoaded(ctx, log);
      assert.match(output, new RegExp(`backend: building ${refs.backend.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`), 'the backend was built');
      assert.deepEqual(loads.sort(), [refs.backend, refs.frontend].sort(), 'both images were loaded into the node');
      assertRunsLoaded(ctx);
      const state = mustPass('pulumi stack export', await ws.pulumi(['stack', 'export', '--stack', STACK], log));
      assert.doesNotMatch(state, /pulumi:providers:docker|docker:index\/image:Image/, 'no docker provider or image resource in the state');
      await assertDeployed(loadedContext(ctx), log, started);
    },
  },
  {
    name: 'image-load: a redeploy loads nothing; after minikube delete it loads again without building',
    async run(ctx, log) {
      const again = await deployLoaded(ctx, log);
      assert.deepEqual(again.loads, [], 'nothing loaded when the node has both tags');
      assert.match(again.output, /backend: \S+ is in the cluster already/);
      const { images } = fakeMinikube(ctx);
      // What `minikube delete` (and a new cluster) or `minikube image rm` leaves: a node without our images.
      fs.writeFileSync(images, '');
      const reloaded = await deployLoaded(ctx, log);
      const refs = references(ctx);
      assert.deepEqual(reloaded.loads.sort(), [refs.backend, refs.frontend].sort(), 'both loaded again');
      assert.doesNotMatch(reloaded.output, /building/, 'nothing rebuilt: the local engine still has both tags');
      assertRunsLoaded(ctx);
      const preview = await ctx.ws.pulumi(['preview', '--stack', STACK, '--expect-no-changes'], log);
      assert.equal(preview.code, 0, `the engine plans no change after reloading:\n${tail(preview.output, 20)}`);
    },
  },
];

/** Removes the loaded stack's objects and the stack (before the suite's own teardown). */
export const imageLoadTeardown: Step = {
  name: 'image-load: npm run destroy removes the loaded stack',
  async run(ctx, log) {
    const loaded = loadedContext(ctx);
    mustPass(
      'npm run destroy (image-load stack)',
      await exec('npm', ['run', '--silent', 'destroy', '--', '--stack', STACK, '--yes'], { cwd: ctx.ws.dir, env: loadedEnv(ctx), log }),
    );
    assert.equal(ctx.kubectl.get('deployment.apps', 'backend', loaded.namespace), undefined, 'the loaded backend is gone');
  },
};
