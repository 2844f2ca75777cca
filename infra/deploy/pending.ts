import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileBackendDir, type PulumiCommand } from './checks';
import type { CliContext } from './cli';
import { at, type StackExport } from './stack-state';

/**
 * What an interrupted `pulumi up` leaves behind, read before the next `up`, `destroy` or `refresh`.
 *
 * The engine records an operation as pending in the state before it asks the provider (the snapshot
 * manager's `BeginMutation`, pulumi/pulumi pkg/engine/update.go `OnResourceStepPre`) and removes it
 * when the provider answers. A graceful stop (one Ctrl-C, or SIGTERM: 3.248 prints "SIGTERM received;
 * cancelling") lets the provider answer; a crash, a closed laptop or a second Ctrl-C does not, and
 * leaves two things, as seen with the real CLI 3.248 on a `file://` backend (SIGKILL mid-`up`):
 * - `deployment.pending_operations` in `pulumi stack export`, e.g. `{ "type": "creating",
 *   "resource": { "urn": "...Job::backend-migrate-job", "inputs": { "metadata": { "name": ... } } } }`;
 * - the stack's lock file, `<backend>/.pulumi/locks/organization/<project>/<stack>/<id>.json`
 *   (`{"pid":..,"username":..,"hostname":..,"timestamp":..}`, pulumi/pulumi pkg/backend/diy/lock.go).
 *
 * What the CLI then does by itself:
 * - a lock left behind stops every later `up`/`refresh`/`destroy` with "the stack is currently
 *   locked by 1 lock(s) ... delete the lock file with `pulumi cancel`" (3.248 `checkForLock`; newer
 *   CLIs delete a lock whose process is gone on the same host themselves). `pulumi cancel` deletes
 *   every lock file of the stack, a live one too (diy backend.go `CancelCurrentUpdate`), so it is only
 *   offered for a lock whose process is gone;
 * - a pending update or delete is redone by the next `up` and dropped (lifecycle test
 *   `TestUpdateShowsWarningWithPendingOperations`), and cleared by `refresh`;
 * - a pending create stays: `up` only warns "Attempting to deploy or update resources with 1 pending
 *   operations from previous deployment" and keeps it in the state, run after run (same test;
 *   deployment_executor.go `printPendingOperationsWarning`), and a non-interactive `refresh` keeps it
 *   too unless given `--clear-pending-creates` (pkg/cmd/pulumi/operations/refresh.go). The object may
 *   exist without Pulumi knowing it. Seen on kwok: the Job `backend-migrate-int2` had run to
 *   completion; with @pulumi/kubernetes 4.34.2 (server-side apply) the next `up` applied the same
 *   object again and took it over ("Succeeded: 1" at once, no second migration). Later releases of
 *   the provider create with a client-side create that fails "already exists" instead
 *   (pulumi/pulumi-kubernetes#4278), so the wrapper does not rely on the take-over: it stops first.
 */

/** One interrupted operation: its kind (`creating`, `updating`, `deleting`, ...) and the object. */
export interface PendingOperation {
  type: string;
  urn: string;
  /** The Pulumi type, e.g. `kubernetes:batch/v1:Job`. */
  resourceType: string;
  /** The Pulumi resource name (the URN's last part), e.g. `backend-migrate-job`. */
  name: string;
  /** The Kubernetes object, `<namespace>/<name>`, when the inputs name it in plain text. */
  object?: string;
}

/** One lock file of the stack on a `file://` backend. */
export interface StackLock {
  file: string;
  pid: number;
  username: string;
  hostname: string;
  timestamp: string;
}

const plain = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The pending operations of `pulumi stack export`'s JSON (none for a stack never deployed). */
export function parsePendingOperations(stdout: string): PendingOperation[] | { error: string } {
  let exported: { deployment?: { pending_operations?: unknown } | null };
  try {
    exported = JSON.parse(stdout) as typeof exported;
  } catch {
    // Never quote it: the export holds the stack's (encrypted) values.
    return { error: 'pulumi stack export did not print JSON' };
  }
  const ops = exported.deployment?.pending_operations;
  if (!Array.isArray(ops)) return [];
  return ops.map((op: unknown) => {
    const urn = plain(at(op, ['resource', 'urn'])) ?? '';
    const name = plain(at(op, ['resource', 'inputs', 'metadata', 'name']));
    const namespace = plain(at(op, ['resource', 'inputs', 'metadata', 'namespace']));
    return {
      type: plain(at(op, ['type'])) ?? 'unknown',
      urn,
      resourceType: plain(at(op, ['resource', 'type'])) ?? '',
      name: urn.split('::').pop() ?? urn,
      ...(name ? { object: namespace ? `${namespace}/${name}` : name } : {}),
    };
  });
}

/** The lock files of a stack on a `file://` backend (diy lock.go `stackLockDir`: project-scoped stacks). */
export function readStackLocks(backendDir: string, project: string, stack: string): StackLock[] {
  const dir = path.join(backendDir, '.pulumi', 'locks', 'organization', project, stack);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => {
      try {
        const l = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Partial<StackLock>;
        return [
          {
            file: path.join(dir, f),
            pid: Number(l.pid),
            username: String(l.username),
            hostname: String(l.hostname),
            timestamp: String(l.timestamp),
          },
        ];
      } catch {
        return [];
      }
    });
}

/** Signal 0 probes a pid without touching it: ESRCH proves it gone, EPERM that it exists. */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface Situation {
  command: PulumiCommand;
  stack: string;
  ops: readonly PendingOperation[];
  locks: readonly StackLock[];
  /** This machine's name and a pid probe: a lock is stale only when its process is provably gone. */
  hostname: string;
  alive: (pid: number) => boolean;
  /** `PULUMI_BACKEND_URL=... ` when the user's shell lacks it (the wrapper chose the backend). */
  backendPrefix: string;
}

export type Advice = { proceed: true; notes: string[] } | { proceed: false; message: string };

const CLEARING_FLAGS = ['--clear-pending-creates', '--import-pending-creates', '--skip-pending-creates'];

const describe = (op: PendingOperation) => `${op.resourceType} ${op.name}${op.object ? ` (${op.object})` : ''}`;

/**
 * Go on, or stop before anything is touched with the one command that clears what the interrupted
 * run left. `passThrough` are the flags given for Pulumi (a refresh that already clears goes on).
 */
export function adviseOnInterruption(s: Situation, passThrough: readonly string[] = []): Advice {
  const stale = s.locks.filter((l) => l.hostname === s.hostname && !s.alive(l.pid));
  const held = s.locks.filter((l) => !stale.includes(l));
  const creates = s.ops.filter((op) => op.type === 'creating');
  const others = s.ops.filter((op) => op.type !== 'creating');
  const cancel = `${s.backendPrefix}npx pulumi cancel --stack ${s.stack} --yes`;
  const clear = `npm run refresh -- --stack ${s.stack} --clear-pending-creates --yes`;
  const holder = (l: StackLock) => `pid ${l.pid} (${l.username}@${l.hostname}, since ${l.timestamp})`;

  if (held.length > 0) {
    const lines = held.map((l) =>
      l.hostname === s.hostname
        ? `  ${holder(l)} is still running: wait for it to end, then run this again.`
        : `  ${holder(l)} on another machine: wait for it to end; if it was cut off, clear its lock with ${cancel}`,
    );
    return { proceed: false, message: `\nStack ${s.stack} is locked by another Pulumi run:\n${lines.join('\n')}` };
  }

  const refreshClears = s.command === 'refresh' && passThrough.some((a) => CLEARING_FLAGS.includes(a.split('=')[0] as string));
  const blockingCreates = s.command === 'refresh' ? [] : creates;
  if (stale.length === 0 && blockingCreates.length === 0) {
    const notes = others.map(
      (op) => `Note: the last run was cut off while ${op.type} ${describe(op)}; this ${s.command} redoes or clears it.`,
    );
    if (s.command === 'refresh' && creates.length > 0 && !refreshClears) {
      notes.push(`Note: ${creates.length} interrupted create(s) stay in the state after this refresh; clear them with ${clear}`);
    }
    return { proceed: true, notes };
  }

  const parts: string[] = [`\nThe last Pulumi run on stack ${s.stack} was cut off (a crash, a closed laptop, or Ctrl-C twice).`];
  if (stale.length > 0) {
    parts.push(
      `Its lock is left behind: ${stale.map(holder).join(', ')} is no longer running, so every pulumi up/refresh/destroy would stop on it.`,
    );
  }
  if (blockingCreates.length > 0) {
    parts.push('It was creating, with no answer recorded:');
    for (const op of blockingCreates) parts.push(`  ${describe(op)}`);
    parts.push(
      'Each may exist in the cluster without Pulumi knowing it. Clearing drops these records from the state only: nothing in the',
      'cluster is deleted. The next deploy then creates each object: one that exists is taken over as it is (server-side apply,',
      '@pulumi/kubernetes 4.34.2; a Job that ran is not run again), one that does not is created. Until then, a destroy',
      'removes such an object only with its namespace.',
    );
  }
  parts.push('Nothing was changed by this run. Clear it with:');
  const fix = [stale.length > 0 ? cancel : undefined, blockingCreates.length > 0 ? clear : undefined].filter(Boolean).join(' && ');
  parts.push(`  ${fix}`);
  return { proceed: false, message: parts.join('\n') };
}

/**
 * Reads the stack's pending operations (`pulumi stack export`, captured, never printed) and, on a
 * `file://` backend, its lock files; prints the advice; resolves to 0 to go on, 1 to stop.
 */
export function checkInterruptedRun(
  cli: CliContext,
  exported: StackExport,
  command: PulumiCommand,
  stack: string,
  project: string,
  passThrough: readonly string[],
  userBackendUrl: string | undefined,
): number {
  // An export that fails is left to the command itself, which will say why in its own words.
  const ops = 'stdout' in exported ? parsePendingOperations(exported.stdout) : [];
  const dir = fileBackendDir(cli.env.PULUMI_BACKEND_URL);
  const advice = adviseOnInterruption(
    {
      command,
      stack,
      ops: Array.isArray(ops) ? ops : [],
      locks: dir ? readStackLocks(dir, project, stack) : [],
      hostname: os.hostname(),
      alive: processAlive,
      backendPrefix: userBackendUrl ? '' : `PULUMI_BACKEND_URL=${cli.env.PULUMI_BACKEND_URL} `,
    },
    passThrough,
  );
  if (!advice.proceed) {
    console.error(advice.message);
    return 1;
  }
  for (const note of advice.notes) console.log(note);
  return 0;
}
