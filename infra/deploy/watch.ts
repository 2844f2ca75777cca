import type { App } from '../images/app-images';
import { changedImages, sameFingerprint, type DeployFingerprint } from './watch-fingerprint';

/**
 * The loop of `npm run deploy -- --watch`: deploy once, then on each save of what a deploy depends
 * on. Everything outside (the deploy, the fingerprint, the filesystem events, the clock, the
 * output) is injected, so the loop is tested with real files and a fake deploy (watch.test.ts);
 * watch-main.ts wires it to `runPulumi`, `deployFingerprint` and `watchTree`.
 *
 * - Saves are debounced: each event (re)starts the timer, and the tree is looked at once it is
 *   quiet, so an editor's write-then-rename, or "save all", is one batch.
 * - A batch that changes no fingerprint (a doc, a test, a file the `.dockerignore` keeps out)
 *   deploys nothing.
 * - One deploy at a time: saves during a deploy make one batch, looked at when it ends, so at most
 *   one more deploy follows however many saves there were.
 * - A failed deploy is reported and the loop goes on; the fingerprint of the last successful deploy
 *   stays the reference, so the next save retries, whatever it changed.
 */

/** `setTimeout`/`clearTimeout`, injectable. */
export interface WatchTimers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** What the loop reports; `formatReport` makes the printed line of each. */
export type WatchReport =
  | {
      kind: 'loop-start';
      loop: number;
      /** The paths saved in the batch (none for the first deploy). */
      changed: readonly string[];
      /**
       * The images whose fingerprint changed since the last successful deploy; undefined when
       * there is none to compare with (the first deploy, a failed one before) or the tree could
       * not be fingerprinted.
       */
      rebuilt?: readonly App[];
    }
  | {
      kind: 'loop-end';
      loop: number;
      code: number;
      /** The first deploy of the session: "ready in" counts from the start, not a save. */
      first: boolean;
      readyMs: number;
      /** False when the watch was stopped during this deploy: no "watching" then. */
      watching: boolean;
    }
  | { kind: 'unchanged'; changed: readonly string[] }
  | { kind: 'queued'; loop: number; path: string }
  | { kind: 'error'; message: string }
  | { kind: 'stopped'; code: number; interruptedLoop?: number };

export interface DeployWatcherOptions {
  /** One deploy; resolves to its exit code (0: the new pods are ready). */
  deployOnce: () => Promise<number>;
  /** The fingerprint of what a deploy depends on, read from the tree as it is now. */
  fingerprint: () => DeployFingerprint;
  /** Starts the filesystem watch; `onChange` gets each changed path (relative). */
  subscribe: (onChange: (relPath: string) => void) => { close(): void };
  /** Quiet time after the last event before the tree is looked at. Default 300 ms. */
  debounceMs?: number;
  /** Deploy once at start, so the cluster matches the tree before the first save. Default true. */
  initialDeploy?: boolean;
  /** Milliseconds, for "ready in". Default `Date.now`. */
  now?: () => number;
  timers?: WatchTimers;
  /** Default: `console.log(formatReport(report))`. */
  report?: (report: WatchReport) => void;
}

/** Exit code of a watch stopped (Ctrl-C, SIGTERM) while a deploy ran: 128 + SIGINT, as a shell says. */
export const INTERRUPTED_EXIT = 130;

const DEFAULT_DEBOUNCE_MS = 300;

const realTimers: WatchTimers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The saves since the tree was last looked at. */
interface Batch {
  paths: Set<string>;
  /** When the first of them arrived: "ready in" counts from there. */
  firstAt: number;
}

/** The deploy loop (see the module comment). `start()`, then `stop()` or wait for `finished`. */
export class DeployWatcher {
  /** Resolves with the exit code once stopped: 0 when idle, `INTERRUPTED_EXIT` when a deploy ran. */
  readonly finished: Promise<number>;
  private resolveFinished: (code: number) => void = () => undefined;
  private readonly debounceMs: number;
  private readonly now: () => number;
  private readonly timers: WatchTimers;
  private readonly report: (report: WatchReport) => void;
  private subscription?: { close(): void };
  private timer?: unknown;
  private batch?: Batch;
  private running?: Promise<void>;
  private loops = 0;
  private queuedNoticed = false;
  private lastDeployed?: DeployFingerprint;
  private stopping = false;

  constructor(private readonly options: DeployWatcherOptions) {
    this.debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
    this.now = options.now ?? Date.now;
    this.timers = options.timers ?? realTimers;
    this.report = options.report ?? ((report) => console.log(formatReport(report)));
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve));
  }

  /** True while a deploy runs. */
  get deploying(): boolean {
    return this.running !== undefined;
  }

  /** Starts watching (before the first deploy, so a save during it is seen), then deploys once. */
  start(): void {
    this.subscription = this.options.subscribe((relPath) => this.onChange(relPath));
    if (this.options.initialDeploy ?? true) this.runLoop([], this.now(), this.tryFingerprint());
  }

  /**
   * Stops watching. Idle: resolves 0 at once. During a deploy: the deploy is left alone (Ctrl-C
   * reached the Pulumi CLI too, which cancels itself, cli.ts `runCli`), its result is reported, and
   * then this resolves `INTERRUPTED_EXIT`.
   */
  stop(): Promise<number> {
    if (this.stopping) return this.finished;
    this.stopping = true;
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
    this.subscription?.close();
    if (!this.running) this.finish(0);
    return this.finished;
  }

  private finish(code: number): void {
    this.report({ kind: 'stopped', code, interruptedLoop: code === 0 ? undefined : this.loops });
    this.resolveFinished(code);
  }

  private onChange(relPath: string): void {
    if (this.stopping) return;
    this.batch ??= { paths: new Set(), firstAt: this.now() };
    this.batch.paths.add(relPath);
    if (this.running) {
      // Looked at when the deploy ends (runLoop); said once, so the wait is not a surprise.
      if (!this.queuedNoticed) this.report({ kind: 'queued', loop: this.loops, path: relPath });
      this.queuedNoticed = true;
      return;
    }
    this.restartDebounce();
  }

  private restartDebounce(): void {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = this.timers.set(() => this.onQuiet(), this.debounceMs);
  }

  /** The batch has settled: deploy if it changed what a deploy depends on. */
  private onQuiet(): void {
    this.timer = undefined;
    const batch = this.batch;
    if (this.stopping || this.running || !batch) return;
    this.batch = undefined;
    const changed = [...batch.paths];
    const fingerprint = this.tryFingerprint();
    if (fingerprint && this.lastDeployed && sameFingerprint(fingerprint, this.lastDeployed)) {
      this.report({ kind: 'unchanged', changed });
      return;
    }
    this.runLoop(changed, batch.firstAt, fingerprint);
  }

  /** The fingerprint, or undefined (reported) when the tree cannot be read: then deploy anyway. */
  private tryFingerprint(): DeployFingerprint | undefined {
    try {
      return this.options.fingerprint();
    } catch (error) {
      this.report({ kind: 'error', message: `could not fingerprint the tree (${messageOf(error)}); deploying anyway` });
      return undefined;
    }
  }

  private runLoop(changed: string[], since: number, fingerprint: DeployFingerprint | undefined): void {
    const loop = ++this.loops;
    const rebuilt = fingerprint && this.lastDeployed ? changedImages(this.lastDeployed, fingerprint) : undefined;
    this.queuedNoticed = false;
    this.report({ kind: 'loop-start', loop, changed, rebuilt });
    this.running = this.deploy().then((code) => {
      const readyMs = this.now() - since;
      this.report({ kind: 'loop-end', loop, code, first: changed.length === 0, readyMs, watching: !this.stopping });
      // Only a success moves the reference: after a failure any save retries.
      if (code === 0 && fingerprint) this.lastDeployed = fingerprint;
      this.running = undefined;
      if (this.stopping) this.finish(INTERRUPTED_EXIT);
      else if (this.batch) this.restartDebounce();
    });
  }

  /** `deployOnce`, a throw counted as a failed deploy (exit 1) so the loop goes on. */
  private async deploy(): Promise<number> {
    try {
      return await this.options.deployOnce();
    } catch (error) {
      this.report({
        kind: 'error',
        message: `the deploy threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      });
      return 1;
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Up to `max` paths, then "and N more". */
export function summarizePaths(paths: readonly string[], max = 5): string {
  if (paths.length <= max) return paths.join(', ');
  return `${paths.slice(0, max).join(', ')} and ${paths.length - max} more`;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/**
 * The printed line(s) of a report, prefixed `[watch]` so they stand out between Pulumi's output.
 * `dim` wraps the "nothing to deploy" line in the terminal's faint style (only for a TTY).
 */
export function formatReport(report: WatchReport, options: { dim?: boolean } = {}): string {
  switch (report.kind) {
    case 'loop-start': {
      if (report.changed.length === 0) {
        return `\n[watch] deploy #${report.loop}: first deploy of this session, so the cluster matches the tree`;
      }
      const rebuilt =
        report.rebuilt === undefined
          ? 'as needed (no successful deploy in this session to compare with)'
          : report.rebuilt.length > 0
            ? report.rebuilt.join(', ')
            : 'none (program/config only)';
      return `\n[watch] deploy #${report.loop}: changed ${summarizePaths(report.changed)}\n[watch] rebuilt: ${rebuilt}`;
    }
    case 'loop-end': {
      if (report.code !== 0) {
        const retry = report.watching ? '; still watching: the next save retries' : '';
        return `[watch] deploy #${report.loop} failed (exit ${report.code})${retry}`;
      }
      const ready = `[watch] deploy #${report.loop}: exit 0, ready in ${seconds(report.readyMs)} after the ${report.first ? 'start' : 'save'}`;
      return report.watching ? `${ready}; watching` : ready;
    }
    case 'unchanged': {
      const line = `[watch] nothing to deploy: no image or program input changed (${summarizePaths(report.changed)})`;
      return options.dim ? `\u001b[2m${line}\u001b[22m` : line;
    }
    case 'queued':
      return `[watch] ${report.path} changed during deploy #${report.loop}: one more deploy follows it`;
    case 'error':
      return `[watch] ${report.message}`;
    case 'stopped':
      return report.interruptedLoop === undefined
        ? '[watch] stopped watching (no deploy was running)'
        : `[watch] stopped watching after deploy #${report.interruptedLoop} (interrupted): exit ${report.code}`;
  }
}

/**
 * The arguments of each deploy of the watch: the user's, without `--watch`, plus `--yes` (no prompt
 * on a save: the preview scrolls by instead) and `--no-smoke` (the smoke test would add its time to
 * every save; run `npm run smoke` when wanted).
 */
export function watchDeployArgs(argv: readonly string[]): string[] {
  const args = argv.filter((arg) => arg !== '--watch');
  if (!args.includes('--yes') && !args.includes('-y')) args.push('--yes');
  if (!args.includes('--no-smoke')) args.push('--no-smoke');
  return args;
}
