import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { parsePendingOperations, type PendingOperation } from '../deploy/pending';
import { tail, type ExecResult } from './exec';
import { assertDeployed, deploy, deployArgs, mustPass, type Step, type SuiteContext } from './steps';

/**
 * An interrupted deploy recovers (pending.ts). A crash or a closed laptop is `kill -KILL` of
 * `npm run deploy` and everything it started; the Pulumi CLI starts its plugins in process groups of
 * their own (seen with 3.248: the language host and the Kubernetes provider outlive a kill of the
 * npm process group), so the whole tree is killed, as a power cut would.
 *
 * The kill comes once the migration Job's create has reached the API server: the provider prints
 * `Waiting for Job "<ns>/<name>" to start` from inside Create (@pulumi/kubernetes 4.34.2), after the
 * engine recorded the pending create (pulumi/pulumi pkg/engine/update.go `OnResourceStepPre`). The
 * state then holds a pending create for an object that exists: the case that needs clearing.
 */
const JOB_CREATE_STARTED = /kubernetes:batch\/v1:Job \S+ creating.*Waiting for Job "[^"]+" to start/;

/** Every process below `root` (by parent pid, from `ps`), deepest last. */
function descendants(root: number): number[] {
  const table = spawnSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' }).stdout;
  const children = new Map<number, number[]>();
  for (const line of table.trim().split('\n')) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number) as [number, number];
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const found: number[] = [];
  const walk = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      found.push(child);
      walk(child);
    }
  };
  walk(root);
  return found;
}

/**
 * `npm run deploy` in its own process group, killed with SIGKILL (it and every process below it) as
 * soon as its output matches `when`. Resolves to what it printed and whether the kill happened.
 */
function deployKilledWhen(ctx: SuiteContext, log: string, when: RegExp): Promise<{ killed: boolean; output: string }> {
  const args = ['run', '--silent', 'deploy', '--', ...deployArgs(ctx)];
  fs.appendFileSync(log, `\n$ npm ${args.join(' ')}   (killed with SIGKILL once the output matches ${when})\n`);
  return new Promise((resolve) => {
    const child = spawn('npm', args, { cwd: ctx.ws.dir, env: ctx.ws.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let killed = false;
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      fs.appendFileSync(log, chunk);
      if (killed || !when.test(output) || child.pid === undefined) return;
      killed = true;
      const tree = descendants(child.pid);
      fs.appendFileSync(log, `\n##### SIGKILL to npm (pid ${child.pid}) and below it: ${tree.join(' ')}\n`);
      for (const pid of [child.pid, ...tree]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('close', () => resolve({ killed, output }));
  });
}

/** The state as exported (never logged: it holds the stack's encrypted values), and its digest. */
async function exportState(ctx: SuiteContext): Promise<{ ops: PendingOperation[]; digest: string }> {
  const out = mustPass('pulumi stack export', await ctx.ws.pulumi(['stack', 'export', '--stack', ctx.stack], undefined));
  const ops = parsePendingOperations(out);
  assert.ok(Array.isArray(ops), `pulumi stack export: ${'error' in ops ? ops.error : ''}`);
  return { ops, digest: createHash('sha256').update(out).digest('hex') };
}

/**
 * Runs the fix the wrapper printed on its last line, `[PULUMI_BACKEND_URL=... ]npx pulumi ... &&
 * npm run ... -- ...`, each part in the workspace (`npx pulumi` is the workspace's CLI).
 */
async function runPrintedFix(ctx: SuiteContext, log: string, line: string): Promise<void> {
  for (const part of line.trim().split(' && ')) {
    const words = part.split(' ').filter((w) => w !== '' && !w.startsWith('PULUMI_BACKEND_URL='));
    let result: ExecResult;
    if (words[0] === 'npx' && words[1] === 'pulumi') result = await ctx.ws.pulumi(words.slice(2), log);
    else if (words[0] === 'npm' && words[1] === 'run' && words[3] === '--')
      result = await ctx.ws.npm(words[2] as string, words.slice(4), log);
    else throw new Error(`the wrapper printed a command the suite cannot run: ${part}`);
    mustPass(part, result);
  }
}

export const interruptedSteps: Step[] = [
  {
    name: 'a deploy killed mid-up (SIGKILL): the next deploy stops before touching anything, its one command clears it, then deploy passes',
    async run(ctx, log) {
      // The stack runs the changed backend since the failed-migration step's fix; the checkout's own
      // backend is a new image, so this deploy runs a new migration Job (the moment to cut it off).
      await ctx.images.useCheckout(ctx.ws, log);
      const cut = await deployKilledWhen(ctx, log, JOB_CREATE_STARTED);
      assert.ok(cut.killed, `the deploy never started the migration Job's create, so nothing was killed:\n${tail(cut.output, 30)}`);

      const left = await exportState(ctx);
      const creates = left.ops.filter((op) => op.type === 'creating' && op.resourceType === 'kubernetes:batch/v1:Job');
      assert.equal(
        creates.length,
        1,
        `the state holds the Job's pending create (found: ${left.ops.map((o) => `${o.type} ${o.urn}`).join(', ')})`,
      );
      const [namespace, jobName] = (creates[0]?.object ?? '').split('/') as [string, string];
      const jobBefore = ctx.kubectl.get('jobs.batch', jobName, namespace);
      assert.ok(jobBefore, `the killed run had created Job ${jobName}`);

      const stopped = await ctx.ws.npm('deploy', deployArgs(ctx), log);
      assert.notEqual(stopped.code, 0, `the deploy went on over the interrupted run:\n${tail(stopped.output, 30)}`);
      assert.match(stopped.output, /its lock is left behind/i, 'the message names the lock left behind');
      assert.ok(
        stopped.output.includes(`kubernetes:batch/v1:Job ${creates[0]?.name} (${namespace}/${jobName})`),
        'the message names the Job',
      );
      assert.equal((await exportState(ctx)).digest, left.digest, 'the stopped deploy changed nothing in the state');
      const lines = stopped.output.trimEnd().split('\n');
      assert.equal(lines.at(-2), 'Nothing was changed by this run. Clear it with:', `the command comes last:\n${tail(stopped.output, 12)}`);

      await runPrintedFix(ctx, log, lines.at(-1) as string);
      assert.deepEqual((await exportState(ctx)).ops, [], 'no pending operation is left');
      await assertDeployed(ctx, log, await deploy(ctx, log));
      // What the message promised for an object that exists: taken over, not made (nor run) again.
      assert.equal(
        ctx.kubectl.get('jobs.batch', jobName, namespace)?.metadata.uid,
        jobBefore.metadata.uid,
        `Job ${jobName} was taken over`,
      );
    },
  },
];
