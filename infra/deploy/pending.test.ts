import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileBackendDir } from './checks';
import { adviseOnInterruption, parsePendingOperations, readStackLocks, type Situation, type StackLock } from './pending';

/**
 * The shapes below are what the real CLI 3.248 left on a `file://` backend after `kill -KILL` of
 * `npm run deploy` mid-`up` on the kwok cluster (stack `int`): the pending operation as `pulumi stack
 * export` printed it (resource fields trimmed to those read; the Job's metadata as exported), and
 * the lock file `.pulumi/locks/organization/todo/int/<id>.json`.
 */
const JOB_URN = 'urn:pulumi:int::todo::todo:infra:Migration$kubernetes:batch/v1:Job::backend-migrate-job';
const pendingJob = {
  type: 'creating',
  resource: {
    urn: JOB_URN,
    custom: true,
    type: 'kubernetes:batch/v1:Job',
    inputs: { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'backend-migrate-int2', namespace: 'int-app' } },
    parent: 'urn:pulumi:int::todo::todo:infra:Migration::backend-migrate',
  },
};
const exported = (pending?: unknown[]) =>
  JSON.stringify({ version: 3, deployment: { manifest: {}, resources: [], ...(pending ? { pending_operations: pending } : {}) } });

const deadLock: StackLock = { file: 'x.json', pid: 11868, username: 'root', hostname: 'vm', timestamp: '2026-12-07T19:52:19.938696078Z' };
const jobOp = {
  type: 'creating',
  urn: JOB_URN,
  resourceType: 'kubernetes:batch/v1:Job',
  name: 'backend-migrate-job',
  object: 'int-app/backend-migrate-int2',
};

const situation = (over: Partial<Situation>): Situation => ({
  command: 'up',
  stack: 'int',
  ops: [],
  locks: [],
  hostname: 'vm',
  alive: () => false,
  backendPrefix: '',
  ...over,
});

describe('parsePendingOperations', () => {
  it('when the export has a pending create, then it names its type, resource and Kubernetes object', () => {
    expect(parsePendingOperations(exported([pendingJob]))).toEqual([jobOp]);
  });

  it('when the export has none (the key is left out) or the stack was never deployed, then there are none', () => {
    expect(parsePendingOperations(exported())).toEqual([]);
    expect(parsePendingOperations('{"version":3,"deployment":null}')).toEqual([]);
  });

  it('when the output is not JSON, then the error does not quote it', () => {
    expect(parsePendingOperations('secret-ish {')).toEqual({ error: 'pulumi stack export did not print JSON' });
  });

  it('when the inputs hold no plain metadata name, then no object is named', () => {
    const op = { type: 'updating', resource: { urn: 'urn:pulumi:int::todo::todo:infra:AppImage::backend', type: 'todo:infra:AppImage' } };
    expect(parsePendingOperations(exported([op]))).toEqual([
      { type: 'updating', urn: op.resource.urn, resourceType: 'todo:infra:AppImage', name: 'backend' },
    ]);
  });
});

describe('readStackLocks and fileBackendDir', () => {
  it('when a lock file is left under the backend, then it is read with its pid, user, host and time', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'locks-'));
    try {
      const lockDir = path.join(dir, '.pulumi', 'locks', 'organization', 'todo', 'int');
      fs.mkdirSync(lockDir, { recursive: true });
      const { file: _file, ...content } = deadLock;
      fs.writeFileSync(path.join(lockDir, 'fe0504d1.json'), JSON.stringify(content));
      fs.writeFileSync(path.join(lockDir, 'fe0504d1.json.attrs'), '{}');
      expect(readStackLocks(dir, 'todo', 'int')).toEqual([{ ...deadLock, file: path.join(lockDir, 'fe0504d1.json') }]);
      expect(readStackLocks(dir, 'todo', 'other')).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when the backend is file:// (with the query the CLI adds), then its directory; else none', () => {
    expect(fileBackendDir('file:///tmp/state?no_tmp_dir=true')).toBe('/tmp/state');
    expect(fileBackendDir('s3://bucket')).toBeUndefined();
    expect(fileBackendDir(undefined)).toBeUndefined();
  });
});

describe('adviseOnInterruption', () => {
  it('when nothing was left, then the run goes on without a note', () => {
    expect(adviseOnInterruption(situation({}))).toEqual({ proceed: true, notes: [] });
  });

  it('when a crash left a lock and a pending create, then up stops with one command that clears both and says what it means', () => {
    const advice = adviseOnInterruption(
      situation({ ops: [jobOp], locks: [deadLock], backendPrefix: 'PULUMI_BACKEND_URL=file:///r/.pulumi ' }),
    );
    expect(advice.proceed).toBe(false);
    const message = (advice as { message: string }).message;
    expect(message).toContain('pid 11868 (root@vm, since 2026-12-07T19:52:19.938696078Z) is no longer running');
    expect(message).toContain('  kubernetes:batch/v1:Job backend-migrate-job (int-app/backend-migrate-int2)');
    expect(message).toContain('may exist in the cluster without Pulumi knowing it');
    expect(message.split('\n').at(-1)).toBe(
      '  PULUMI_BACKEND_URL=file:///r/.pulumi npx pulumi cancel --stack int --yes && npm run refresh -- --stack int --clear-pending-creates --yes',
    );
  });

  it.each([['up'], ['destroy']] as const)(
    'when only a pending create is left, then %s stops with the refresh that clears it',
    (command) => {
      const advice = adviseOnInterruption(situation({ command, ops: [jobOp] }));
      expect(advice.proceed).toBe(false);
      expect((advice as { message: string }).message.split('\n').at(-1)).toBe(
        '  npm run refresh -- --stack int --clear-pending-creates --yes',
      );
    },
  );

  it('when only a stale lock is left, then the command is pulumi cancel alone', () => {
    const advice = adviseOnInterruption(situation({ command: 'refresh', locks: [deadLock] }));
    expect((advice as { message: string }).message.split('\n').at(-1)).toBe('  npx pulumi cancel --stack int --yes');
  });

  it('when the lock holder still runs on this machine, then it says to wait and offers no cancel (cancel deletes live locks too)', () => {
    const advice = adviseOnInterruption(situation({ locks: [deadLock], alive: (pid) => pid === 11868 }));
    expect(advice).toEqual({
      proceed: false,
      message:
        '\nStack int is locked by another Pulumi run:\n  pid 11868 (root@vm, since 2026-12-07T19:52:19.938696078Z) is still running: wait for it to end, then run this again.',
    });
  });

  it('when the lock comes from another machine, then it cannot be probed: wait, or cancel if that run was cut off', () => {
    const advice = adviseOnInterruption(situation({ locks: [{ ...deadLock, hostname: 'laptop' }] }));
    expect((advice as { message: string }).message).toContain(
      'on another machine: wait for it to end; if it was cut off, clear its lock with npx pulumi cancel --stack int --yes',
    );
  });

  it('when only a pending update is left, then up goes on (the engine redoes it) with a note', () => {
    const op = {
      type: 'updating',
      urn: 'u',
      resourceType: 'kubernetes:apps/v1:Deployment',
      name: 'backend-deployment',
      object: 'int-app/backend',
    };
    expect(adviseOnInterruption(situation({ ops: [op] }))).toEqual({
      proceed: true,
      notes: [
        'Note: the last run was cut off while updating kubernetes:apps/v1:Deployment backend-deployment (int-app/backend); this up redoes or clears it.',
      ],
    });
  });

  it('when refresh meets a pending create, then it goes on (refresh is the fix) and says how to clear it unless a flag already does', () => {
    const plainRefresh = adviseOnInterruption(situation({ command: 'refresh', ops: [jobOp] }), ['--yes']);
    expect(plainRefresh).toEqual({
      proceed: true,
      notes: [
        'Note: 1 interrupted create(s) stay in the state after this refresh; clear them with npm run refresh -- --stack int --clear-pending-creates --yes',
      ],
    });
    expect(adviseOnInterruption(situation({ command: 'refresh', ops: [jobOp] }), ['--clear-pending-creates', '--yes'])).toEqual({
      proceed: true,
      notes: [],
    });
  });
});
