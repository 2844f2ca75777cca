import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

/** What one command did: its exit code and everything it printed (stdout and stderr, interleaved). */
export interface ExecResult {
  code: number;
  output: string;
}

export interface ExecOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Appends the command line and its output here (the suite's per-step log). */
  log?: string;
  /** Written to the command's standard input (e.g. a secret: never on the command line). */
  input?: string;
}

/**
 * Runs a command to completion, capturing its output (and appending it to the step's log), without a
 * shell. The suite's commands print a lot (a `pulumi up` is hundreds of lines): the console gets one
 * line per step, the log gets everything, and a failure shows the log's tail.
 */
export function exec(command: string, args: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
  if (options.log) fs.appendFileSync(options.log, `\n$ ${[command, ...args].join(' ')}\n`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (options.log) fs.appendFileSync(options.log, chunk);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.stdin.end(options.input ?? '');
    child.on('error', (error) => resolve({ code: 127, output: `${output}could not start ${command}: ${error.message}\n` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output }));
  });
}

/** `exec` that throws (with the output's tail) unless the command exits 0. */
export async function execOk(command: string, args: readonly string[], options: ExecOptions = {}): Promise<string> {
  const result = await exec(command, args, options);
  if (result.code !== 0) {
    throw new Error(`${[command, ...args].join(' ')} exited ${result.code}:\n${tail(result.output, 40)}`);
  }
  return result.output;
}

/** Synchronous, for short queries (kubectl get, git rev-parse); throws with stderr on failure. */
export function execSyncOk(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {},
): string {
  const result = spawnSync(command, args, { ...options, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`could not start ${command}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${[command, ...args].join(' ')} exited ${result.status}: ${result.stderr.trim()}`);
  return result.stdout;
}

/** The last `lines` lines of a text, for failure messages. */
export function tail(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
