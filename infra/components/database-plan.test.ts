import { POSTGRES_IMAGE } from '../images/postgres';
import {
  claimName,
  claimSizePlan,
  credentialsPlan,
  databaseLabels,
  databaseServicePlan,
  postgresContainer,
  statefulSetPlan,
} from './database-plan';

const args = { namespace: 'todo-app', instance: 'dev', environment: 'dev' };
const selector = { 'app.kubernetes.io/name': 'postgres', 'app.kubernetes.io/instance': 'dev' };

describe('databaseLabels', () => {
  it('when named postgres, then the app is postgres, component and tier database, and the selector name and instance', () => {
    const { labels, selector: planned } = databaseLabels('postgres', args);
    expect([labels.app, labels.component, labels.tier, labels.environment]).toEqual(['postgres', 'database', 'database', 'dev']);
    expect(planned).toEqual(selector);
  });
});

describe('credentialsPlan', () => {
  it('when given a password, then the Secret is <name>-credentials holding it as POSTGRES_PASSWORD', () => {
    const plan = credentialsPlan('postgres', args, 'pw');
    expect([plan.metadata, plan.type, plan.stringData]).toEqual([
      { name: 'postgres-credentials', namespace: 'todo-app', labels: databaseLabels('postgres', args).labels },
      'Opaque',
      { POSTGRES_PASSWORD: 'pw' },
    ]);
  });
});

describe('databaseServicePlan', () => {
  it('when planned, then the ClusterIP Service targets the named postgres port on 5432', () => {
    expect(databaseServicePlan('postgres', args).spec).toEqual({
      type: 'ClusterIP',
      selector,
      ports: [{ name: 'postgres', port: 5432, targetPort: 'postgres', protocol: 'TCP' }],
    });
  });
});

describe('postgresContainer', () => {
  it.each([
    [undefined, POSTGRES_IMAGE],
    ['registry.example.com/postgres:17', 'registry.example.com/postgres:17'],
  ])('when the image is %s, then the container runs %s', (image, expected) => {
    expect(postgresContainer({ ...args, image }, 'postgres-credentials').image).toBe(expected);
  });

  it('when planned, then PGDATA is a subdirectory of the data mount and the password comes from the Secret', () => {
    const container = postgresContainer(args, 'postgres-credentials');
    expect(container.env).toEqual([
      { name: 'POSTGRES_USER', value: 'todo' },
      { name: 'POSTGRES_DB', value: 'todo' },
      { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
      { name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: 'postgres-credentials', key: 'POSTGRES_PASSWORD' } } },
    ]);
    expect(container.volumeMounts).toEqual([
      { name: 'data', mountPath: '/var/lib/postgresql/data' },
      { name: 'tmp', mountPath: '/tmp' },
      { name: 'var-run-postgresql', mountPath: '/var/run/postgresql' },
    ]);
  });
});

describe('statefulSetPlan', () => {
  type Claim = { spec: { storageClassName?: string; resources: { requests: { storage: string } } } };
  const claimOf = (plan: ReturnType<typeof statefulSetPlan>) =>
    (plan.spec as unknown as { volumeClaimTemplates: Claim[] }).volumeClaimTemplates[0]?.spec;

  it.each([
    [{}, { storageClassName: undefined, storage: '1Gi' }],
    [
      { storageSize: '5Gi', storageClass: 'fast' },
      { storageClassName: 'fast', storage: '5Gi' },
    ],
  ])('when the storage settings are %j, then the claim is %j', (storage, expected) => {
    const claim = claimOf(statefulSetPlan('postgres', { ...args, ...storage }, { serviceName: 'postgres', credentialsName: 'c' }));
    expect({ storageClassName: claim?.storageClassName, storage: claim?.resources.requests.storage }).toEqual(expected);
  });

  it('when planned, then one replica is governed by the given Service and the claim is retained', () => {
    const spec = statefulSetPlan('postgres', args, { serviceName: 'postgres', credentialsName: 'c' }).spec as unknown as Record<
      string,
      unknown
    >;
    expect([spec.replicas, spec.serviceName, spec.persistentVolumeClaimRetentionPolicy]).toEqual([
      1,
      'postgres',
      { whenDeleted: 'Retain', whenScaled: 'Retain' },
    ]);
  });
});

describe('claimName and claimSizePlan', () => {
  it.each([
    ['postgres', 'data-postgres-0'],
    ['db', 'data-db-0'],
  ])('when the StatefulSet is %s, then its one claim is %s', (name, expected) => {
    expect(claimName(name)).toBe(expected);
  });

  it.each([
    [{}, '1Gi'],
    [{ storageSize: '5Gi' }, '5Gi'],
    [{ storageSize: '5Gi', storageClass: 'fast' }, '5Gi'],
  ])('when the storage settings are %j, then the patch requests %s and nothing else of the claim', (storage, size) => {
    expect(claimSizePlan('postgres', { ...args, ...storage })).toEqual({
      metadata: { name: 'data-postgres-0', namespace: 'todo-app', annotations: { 'pulumi.com/patchForce': 'true' } },
      spec: { resources: { requests: { storage: size } } },
    });
  });
});
