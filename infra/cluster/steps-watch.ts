import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { imageReference } from './images';
import { loadedContext, loadedEnv } from './steps-image-load';
import { containerImage, deployArgs, deployment, type Step, type SuiteContext } from './steps';

/**
 * `npm run deploy -- --watch` (infra/deploy/watch.ts) on the real engine, API server and Docker
 * engine, with the image-load stack (steps-image-load.ts): the wrapper rebuilds and loads what a
 * save changed, so a saved backend file becomes a new backend tag on the API server with no other
 * command. A save of a file no image or program reads deploys nothing; Ctrl-C while idle stops it.
 */

/** A one-line backend change, and a backend test file (the .dockerignore keeps tests out of the image). */
const BACKEND_FILE = 'apps/backend/src/main.ts';
const UNRELATED_FILE = 'apps/backend/src/watch-step.test.ts';
const WAIT_MS = 300_000;

/** The watch process and everything it printed so far. */
interface Watching {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startWatch(ctx: SuiteContext, log: string): Watching {
  const args = ['run', '--silent', 'deploy', '--', ...deployArgs(loadedContext(ctx)), '--watch'];
  fs.appendFileSync(log, `\n$ npm ${args.join(' ')}   (in its own process group)\n`);
  // Its own process group: Ctrl-C is a SIGINT to the whole foreground group, as a terminal sends it.
  const child = spawn('npm', args, { cwd: ctx.ws.dir, env: loadedEnv(ctx), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    fs.appendFileSync(log, chunk);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}

/** Resolves with the output once it matches `pattern`; fails after `ms` saying what it waited for. */
async function waitFor(watching: Watching, pattern: RegExp, ms = WAIT_MS): Promise<RegExpMatchArray> {
  const deadline = Date.now() + ms;
  for (;;) {
    const match = pattern.exec(watching.output());
    if (match) return match;
    if (Date.now() > deadline)
      throw new Error(`waited ${ms / 1000} s for ${pattern} in the watch's output; its last lines:\n${watching.output().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export const watchStep: Step = {
  name: 'deploy --watch: a saved backend file rolls a new tag, an unrelated save deploys nothing, Ctrl-C stops',
  async run(ctx, log) {
    const loaded = loadedContext(ctx);
    const backendFile = path.join(ctx.ws.dir, BACKEND_FILE);
    const original = fs.readFileSync(backendFile, 'utf8');
    const watching = startWatch(ctx, log);
    try {
      await waitFor(watching, /deploy #1: exit 0, ready in/);
      fs.writeFileSync(backendFile, `${original}// cluster suite: saved while deploy --watch runs\n`);
      const ready = await waitFor(watching, /deploy #2: exit 0, ready in ([\d.]+) s after the save/);
      assert.match(
        watching.output(),
        /deploy #2: changed apps\/backend\/src\/main\.ts\n\[watch\] rebuilt: backend\n/,
        'loop 2 names the file and the backend',
      );
      const expected = imageReference(ctx.ws.dir, 'backend');
      assert.equal(containerImage(deployment(loaded, 'backend')), expected, 'the backend Deployment runs the saved tree');
      fs.appendFileSync(log, `\nsave → pods ready: ${ready[1]} s\n`);

      fs.writeFileSync(path.join(ctx.ws.dir, UNRELATED_FILE), "it('is not part of any image', () => undefined);\n");
      await waitFor(watching, /nothing to deploy: no image or program input changed/, 30_000);
      assert.doesNotMatch(watching.output(), /deploy #3/, 'an unrelated save deploys nothing');

      process.kill(-(watching.child.pid as number), 'SIGINT');
      const ended = await Promise.race([watching.exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 60_000))]);
      assert.notEqual(ended, 'timeout', 'the watch ends within a minute of Ctrl-C');
      assert.match(watching.output(), /stopped watching \(no deploy was running\)/, 'Ctrl-C while idle stops the watch');
      // npm re-raises a SIGINT it got itself once its script has exited (its exit code is then the
      // shell's 130): the watcher's own clean stop is the line above, and the script exits 0.
      assert.ok(
        ended !== 'timeout' && (ended.code === 0 || ended.signal === 'SIGINT'),
        `npm exits 0 or on the SIGINT it re-raises, got ${JSON.stringify(ended)}`,
      );
    } finally {
      if (watching.child.exitCode === null && watching.child.signalCode === null && watching.child.pid) {
        try {
          process.kill(-watching.child.pid, 'SIGKILL');
        } catch {
          // Already gone between the check and the kill.
        }
      }
      fs.writeFileSync(backendFile, original);
      fs.rmSync(path.join(ctx.ws.dir, UNRELATED_FILE), { force: true });
    }
  },
};
