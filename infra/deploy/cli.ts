import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';

/**
 * The Pulumi CLI the wrapper runs: `$PULUMI_BIN` when set (a CLI installed elsewhere, or the fakes
 * the wrapper's tests use), else the npm package's `node_modules/.bin/pulumi`, which downloads the
 * matching CLI on first use. PATH is not consulted: `npm run` puts node_modules/.bin first on PATH
 * anyway, so an override must be explicit.
 */
export function pulumiBin(root: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.PULUMI_BIN ? path.resolve(env.PULUMI_BIN) : path.join(root, 'node_modules', '.bin', 'pulumi');
}

export interface CliContext {
  bin: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/**
 * Runs the CLI (or another tool: docker, minikube) with the terminal attached (progress, prompts);
 * resolves to its exit code.
 *
 * Ctrl-C reaches the whole foreground process group, the CLI included, which cancels gracefully
 * ("^C received; cancelling", and "SIGTERM received; cancelling" for SIGTERM in 3.248) and records
 * what its providers answer before it exits. Seen with the real CLI: without a handler here the
 * wrapper died at once, npm returned the prompt, and the CLI went on cancelling behind it, holding
 * the stack's lock. So the wrapper waits for the CLI; it forwards nothing, since the CLI already got
 * the signal, and a second one would make it terminate at once (pending.ts).
 */
export function runCli(cli: CliContext, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const waitForCli = () => undefined;
    const settle = (code: number) => {
      process.off('SIGINT', waitForCli);
      process.off('SIGTERM', waitForCli);
      resolve(code);
    };
    process.on('SIGINT', waitForCli);
    process.on('SIGTERM', waitForCli);
    const child = spawn(cli.bin, args, { cwd: cli.cwd, env: cli.env, stdio: 'inherit' });
    child.on('exit', (code) => settle(code ?? 1));
    child.on('error', (error) => {
      console.error(`could not start ${cli.bin}: ${error.message}`);
      settle(1);
    });
  });
}

/** The stacks of this project in the backend (`pulumi stack ls --json`), or the CLI's error. */
export function listStacks(cli: CliContext): { names: string[] } | { error: string } {
  const result = spawnSync(cli.bin, ['stack', 'ls', '--json'], { cwd: cli.cwd, env: cli.env, encoding: 'utf8', timeout: 120_000 });
  if (result.error) return { error: result.error.message };
  if (result.status !== 0) return { error: (result.stderr || result.stdout).trim() || `exit ${result.status}` };
  try {
    const stacks = JSON.parse(result.stdout) as { name: string }[];
    // Names may come back qualified (`organization/todo/dev`) on some backends.
    return { names: stacks.map((s) => s.name.split('/').pop() as string) };
  } catch {
    return { error: `unexpected output of pulumi stack ls --json: ${result.stdout.slice(0, 200)}` };
  }
}

export interface Captured {
  status: number | null;
  stdout: string;
  stderr: string;
  error?: Error;
}

/**
 * Runs the CLI with its output captured (never shown: it may hold secrets) and `input`, if given, on
 * its standard input, which is then a pipe, not a terminal.
 */
export function captureCli(cli: CliContext, args: string[], input?: string): Captured {
  const result = spawnSync(cli.bin, args, {
    cwd: cli.cwd,
    env: cli.env,
    encoding: 'utf8',
    timeout: 120_000,
    input,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '', error: result.error };
}

/** The CLI's own words for a failed call, for the wrapper's message. */
export function failureOf(result: Captured): string {
  if (result.error) return result.error.message;
  return (result.stderr || result.stdout).trim() || `exit ${result.status}`;
}
