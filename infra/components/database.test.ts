import * as pulumi from '@pulumi/pulumi';
import { inputsOf, recordResources } from '../testing/mocks';
import { Database } from './database';

const base = { namespace: 'todo-app', instance: 'dev', environment: 'dev' };
/** The in-cluster database's password, from the stack's encrypted `postgresPassword`. */
const inCluster = { ...base, password: pulumi.secret('p4ss/w@rd:with-url-characters') };

function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

describe('Database', () => {
  it('when no external URL is given, then a StatefulSet, its claim size patch, a Service and a credentials Secret are created, and nothing generates a password', async () => {
    const records = await recordResources(() => new Database('postgres', inCluster));
    expect(records.map((r) => `${r.type} ${r.name}`).sort()).toEqual([
      'kubernetes:apps/v1:StatefulSet postgres-statefulset',
      'kubernetes:core/v1:PersistentVolumeClaimPatch postgres-claim-size',
      'kubernetes:core/v1:Secret postgres-credentials',
      'kubernetes:core/v1:Service postgres-service',
      'todo:infra:Database postgres',
    ]);
  });

  it('when in-cluster, then the StatefulSet runs a pinned postgres as uid 999 with pg_isready probes and a PVC', async () => {
    const records = await recordResources(() => new Database('postgres', { ...inCluster, storageSize: '2Gi', storageClass: 'standard' }));
    const spec = inputsOf(records, 'postgres-statefulset').spec;
    const pod = spec.template.spec;
    const container = pod.containers[0];
    expect(spec.replicas).toBe(1);
    expect(spec.serviceName).toBe('postgres');
    expect(spec.updateStrategy).toEqual({ type: 'RollingUpdate' });
    expect(container.image).toBe('postgres:17.6-bookworm');
    expect(container.ports).toEqual([{ name: 'postgres', containerPort: 5432, protocol: 'TCP' }]);
    expect(container.env).toEqual([
      { name: 'POSTGRES_USER', value: 'todo' },
      { name: 'POSTGRES_DB', value: 'todo' },
      { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
      { name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: 'postgres-credentials', key: 'POSTGRES_PASSWORD' } } },
    ]);
    const command = ['pg_isready', '-h', '127.0.0.1', '-p', '5432', '-U', 'todo', '-d', 'todo'];
    expect(container.readinessProbe).toEqual({
      exec: { command },
      periodSeconds: 5,
      timeoutSeconds: 3,
      failureThreshold: 3,
      successThreshold: 1,
    });
    expect(container.livenessProbe.exec).toEqual({ command });
    expect(container.startupProbe.exec).toEqual({ command });
    expect(container.securityContext).toMatchObject({
      runAsUser: 999,
      runAsGroup: 999,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
    });
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 999, fsGroup: 999 });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(container.volumeMounts).toEqual([
      { name: 'data', mountPath: '/var/lib/postgresql/data' },
      { name: 'tmp', mountPath: '/tmp' },
      { name: 'var-run-postgresql', mountPath: '/var/run/postgresql' },
    ]);
    expect(spec.volumeClaimTemplates[0].spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      storageClassName: 'standard',
      resources: { requests: { storage: '2Gi' } },
    });
  });

  it('when the StatefulSet alone is deleted or scaled down, then its volume claim is kept (destroy removes it with the namespace)', async () => {
    const records = await recordResources(() => new Database('postgres', inCluster));
    expect(inputsOf(records, 'postgres-statefulset').spec.persistentVolumeClaimRetentionPolicy).toEqual({
      whenDeleted: 'Retain',
      whenScaled: 'Retain',
    });
  });

  it('when the storage size is set, then the live claim data-postgres-0 is patched to it, forced, after the StatefulSet, and the template is left alone', async () => {
    const records = await recordResources(() => new Database('postgres', { ...inCluster, storageSize: '2Gi' }));
    expect(inputsOf(records, 'postgres-claim-size')).toEqual({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data-postgres-0', namespace: 'todo-app', annotations: { 'pulumi.com/patchForce': 'true' } },
      spec: { resources: { requests: { storage: '2Gi' } } },
    });
    const patch = records.find((r) => r.name === 'postgres-claim-size');
    const statefulSet = records.find((r) => r.name === 'postgres-statefulset');
    expect(patch?.dependsOn).toEqual([statefulSet?.urn]);
    expect([patch?.options.retainOnDelete, statefulSet?.options.ignoreChanges]).toEqual([true, ['spec.volumeClaimTemplates']]);
  });

  it.each([
    [undefined, false],
    [true, true],
  ])(
    'when retainOnDelete is %s, then the credentials Secret is retained: %s, and the StatefulSet never is',
    async (retainOnDelete, retained) => {
      const records = await recordResources(() => new Database('postgres', { ...inCluster, retainOnDelete }));
      const options = (name: string) => records.find((r) => r.name === name)?.options.retainOnDelete;
      expect([options('postgres-credentials'), options('postgres-statefulset')]).toEqual([retained, undefined]);
    },
  );

  it('when in-cluster, then the given password is a secret in the credentials Secret and, percent-encoded, in the secret URL', async () => {
    let db: Database | undefined;
    const records = await recordResources(() => {
      db = new Database('postgres', inCluster);
    });
    const secret = records.find((r) => r.name === 'postgres-credentials');
    expect(secret?.secretPaths).toEqual(['stringData']);
    expect(inputsOf(records, 'postgres-credentials').stringData).toEqual({ POSTGRES_PASSWORD: 'p4ss/w@rd:with-url-characters' });
    expect(await pulumi.isSecret(db!.url)).toBe(true);
    expect(await valueOf(db!.url)).toBe('postgresql://todo:p4ss%2Fw%40rd%3Awith-url-characters@postgres:5432/todo');
  });

  it('when in-cluster, then the component records the password only as a secret', async () => {
    const records = await recordResources(() => new Database('postgres', inCluster));
    expect(records.find((r) => r.type === 'todo:infra:Database')?.secretPaths).toEqual(['password']);
  });

  it('when in-cluster without a password, then it stops and names the stack key', async () => {
    await expect(recordResources(() => new Database('postgres', base))).rejects.toThrow(
      'Database postgres: a password is required for the in-cluster PostgreSQL (stack config postgresPassword)',
    );
  });

  it('when an external URL is given, then nothing is created and the URL stays secret', async () => {
    let db: Database | undefined;
    const records = await recordResources(() => {
      db = new Database('postgres', { ...base, externalUrl: pulumi.secret('postgresql://u:p@neon.example/db') });
    });
    expect(records.map((r) => r.type)).toEqual(['todo:infra:Database']);
    expect(db!.inCluster).toBe(false);
    expect(await pulumi.isSecret(db!.url)).toBe(true);
    expect(await valueOf(db!.url)).toBe('postgresql://u:p@neon.example/db');
  });
});
