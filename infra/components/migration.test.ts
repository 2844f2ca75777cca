import * as k8s from '@pulumi/kubernetes';
import { inputsOf, recordResources } from '../testing/mocks';
import { JOB_AWAIT_TIMEOUT, JOB_DEADLINE_SECONDS, Migration } from './migration';
import { migrationArgs } from '../testing/component-args';

const args = migrationArgs;

describe('Migration', () => {
  it('when built, then a Job named after the image tag runs the image migration entry (node dist/migrate.js) with DATABASE_URL from the Secret', async () => {
    const records = await recordResources(() => new Migration('backend-migrate', args));
    const job = inputsOf(records, 'backend-migrate-job');
    expect(job.metadata.name).toBe('backend-migrate-abc123def456');
    expect(job.spec.backoffLimit).toBe(3);
    expect(job.spec.activeDeadlineSeconds).toBe(600);
    const pod = job.spec.template.spec;
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.containers).toEqual([
      {
        name: 'migrate',
        image: 'todo/backend:abc123def456',
        imagePullPolicy: 'Never',
        command: ['node', 'dist/migrate.js'],
        env: [{ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'backend-secrets', key: 'DATABASE_URL' } } }],
        resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
        securityContext: {
          runAsNonRoot: true,
          runAsUser: 1001,
          runAsGroup: 1001,
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          privileged: false,
          capabilities: { drop: ['ALL'] },
          seccompProfile: { type: 'RuntimeDefault' },
        },
        volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
      },
    ]);
  });

  it('when built, then a failed Job is replaced on the next update and the engine waits longer than the Job deadline', async () => {
    const records = await recordResources(() => new Migration('backend-migrate', args));
    const job = records.find((r) => r.name === 'backend-migrate-job');
    expect(job?.inputs.metadata).toMatchObject({ annotations: { 'pulumi.com/replaceUnready': 'true' } });
    expect(inputsOf(records, 'backend-migrate-job').spec.activeDeadlineSeconds).toBe(600);
    expect(inputsOf(records, 'backend-migrate-job').spec.ttlSecondsAfterFinished).toBeUndefined();
    expect(job?.options.customTimeouts).toEqual({ create: '15m', update: '15m' });
    const minutes = Number(/^(\d+)m$/.exec(JOB_AWAIT_TIMEOUT)?.[1]);
    expect(minutes * 60).toBeGreaterThan(JOB_DEADLINE_SECONDS);
  });

  it("when the image changes, then the previous Job is deleted before the new one is created (the cluster suite's failed-migration step shows why)", async () => {
    const records = await recordResources(() => new Migration('backend-migrate', args));
    expect(records.find((r) => r.name === 'backend-migrate-job')?.options.deleteBeforeReplace).toBe(true);
  });

  it('when pull secrets are given, then the Job pod references them; without, it has none', async () => {
    const withSecret = await recordResources(
      () => new Migration('backend-migrate', { ...args, imagePullSecrets: ['registry-pull-secret'] }),
    );
    expect(inputsOf(withSecret, 'backend-migrate-job').spec.template.spec.imagePullSecrets).toEqual([{ name: 'registry-pull-secret' }]);
    const without = await recordResources(() => new Migration('backend-migrate', args));
    expect(inputsOf(without, 'backend-migrate-job').spec.template.spec.imagePullSecrets).toBeUndefined();
  });

  it('when the image tag changes, then the Job name changes (a new Job runs once per tag)', async () => {
    const first = await recordResources(() => new Migration('backend-migrate', args));
    const second = await recordResources(() => new Migration('backend-migrate', { ...args, imageTag: 'ffffffffffff' }));
    expect(inputsOf(first, 'backend-migrate-job').metadata.name).toBe('backend-migrate-abc123def456');
    expect(inputsOf(second, 'backend-migrate-job').metadata.name).toBe('backend-migrate-ffffffffffff');
  });

  it('when runAfter names the database, then the Job depends on it', async () => {
    const records = await recordResources(() => {
      const database = new k8s.core.v1.ConfigMap('db', { data: {} });
      new Migration('backend-migrate', { ...args, runAfter: [database] });
    });
    const dbUrn = records.find((r) => r.name === 'db')?.urn;
    expect(records.find((r) => r.name === 'backend-migrate-job')?.dependsOn).toContain(dbUrn);
  });
});
