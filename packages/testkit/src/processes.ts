import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, fstatSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A server started as a child process. Its stdout and stderr go to a log file, as a container
 * runtime's would, so the parent (which also runs the load generator) spends no CPU on them.
 */
export interface Service {
  readonly name: string;
  readonly child: ChildProcess;
  readonly pid: number;
  /** `performance.now()` just before the spawn, so start-to-ready counts process start-up too. */
  readonly startedAt: number;
  /** Resolves with the exit code (or the signal name) once the process has exited. */
  readonly exited: Promise<number | string>;
  readonly logFile: string;
  /** The last 64 KiB the process wrote to stdout and stderr. */
  output(): string;
  /** Sends `signal` and waits for the exit, escalating to SIGKILL after `timeoutMs`. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | string>;
}

const OUTPUT_LIMIT = 64 * 1024;
let logDir: string | undefined;

function tail(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, OUTPUT_LIMIT);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    return buffer.toString();
  } finally {
    closeSync(fd);
  }
}

export interface ServiceOptions {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** Where the log file goes; a fresh temp directory by default. */
  logDir?: string;
}

export function startService(options: ServiceOptions): Service {
  const { name, command, args, env, cwd } = options;
  const dir = options.logDir ?? (logDir ??= mkdtempSync(join(tmpdir(), 'todo-service-logs-')));
  mkdirSync(dir, { recursive: true });
  const logFile = join(dir, `${name}-${Date.now()}.log`);
  const log = openSync(logFile, 'a');
  const startedAt = performance.now();
  const child = spawn(command, args, { env, cwd, stdio: ['ignore', log, log] });
  closeSync(log);
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    // A spawn failure (e.g. ENOENT) arrives as 'error' on the next tick: without this listener it
    // would be an uncaught exception in the test runner, after the throw below has said it.
    child.once('error', (error) => resolve(`error: ${error.message}`));
  });
  if (child.pid === undefined) throw new Error(`${name}: could not start ${command}`);
  const service: Service = {
    name,
    child,
    pid: child.pid,
    startedAt,
    exited,
    logFile,
    output: () => tail(logFile),
    async stop(signal = 'SIGTERM', timeoutMs = 35_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
  return service;
}

/**
 * Polls `url` until it answers 200, as a readiness probe would. Returns the milliseconds since the
 * service was spawned.
 * Fails with the service's output when it exits first or `timeoutMs` passes.
 */
export async function waitForReady(service: Service, url: string, timeoutMs = 60_000, intervalMs = 25): Promise<number> {
  const started = performance.now();
  let exitedWith: number | string | undefined;
  void service.exited.then((code) => {
    exitedWith = code;
  });
  while (performance.now() - started < timeoutMs) {
    if (exitedWith !== undefined) {
      throw new Error(`${service.name} exited (${exitedWith}) before ${url} was ready:\n${service.output()}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      await response.arrayBuffer();
      if (response.status === 200) return performance.now() - service.startedAt;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`${service.name}: ${url} not ready after ${timeoutMs} ms:\n${service.output()}`);
}

/** Resident set size of a live process in MiB, from `/proc/<pid>/status` (VmRSS); null when unavailable. */
export function rssMiB(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Samples a process's RSS every `intervalMs` until stopped; `stop()` returns the peak in MiB. */
export function sampleRss(pid: number, intervalMs = 200): { stop(): number | null } {
  let peak: number | null = null;
  const sample = () => {
    const rss = rssMiB(pid);
    if (rss !== null && (peak === null || rss > peak)) peak = rss;
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

/** CPU time (user + system) a live process has used so far, in milliseconds; null when unavailable. */
export function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces), counted from field 3 (state).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime (14) + stime (15)
    return Number.isFinite(ticks) ? (ticks * 1000) / CLOCK_TICKS_PER_SECOND : null;
  } catch {
    return null;
  }
}

/** USER_HZ: 100 on every Linux architecture Node supports. */
const CLOCK_TICKS_PER_SECOND = 100;
