import type { StateResource } from './stack-state';
import {
  desiredFromConfig,
  growthHint,
  quantityBytes,
  recordedStorage,
  storageChangeProblem,
  type DesiredStorage,
  type RecordedStorage,
} from './storage-change';

const DATABASE = 'urn:pulumi:dev::todo::todo:infra:Database';
/** The StatefulSet as the state records it: `ignoreChanges` keeps the template it was created with. */
function statefulSet(storage: string, storageClassName?: string): StateResource {
  return {
    urn: `${DATABASE}$kubernetes:apps/v1:StatefulSet::postgres-statefulset`,
    type: 'kubernetes:apps/v1:StatefulSet',
    inputs: {
      metadata: { name: 'postgres' },
      spec: { volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { storageClassName, resources: { requests: { storage } } } }] },
    },
    outputs: { kind: 'StatefulSet', metadata: { name: 'postgres', namespace: 'todo-app' } },
  };
}
/** The claim's size patch: its inputs as declared, its outputs the live claim (with the class the cluster gave it). */
function claimSize(storage: string, storageClassName: string): StateResource {
  return {
    urn: `${DATABASE}$kubernetes:core/v1:PersistentVolumeClaimPatch::postgres-claim-size`,
    type: 'kubernetes:core/v1:PersistentVolumeClaimPatch',
    inputs: { spec: { resources: { requests: { storage } } } },
    outputs: { kind: 'PersistentVolumeClaim', spec: { storageClassName, resources: { requests: { storage } } } },
  };
}

describe('recordedStorage', () => {
  it.each<[string, StateResource[], RecordedStorage | undefined]>([
    ['a new stack', [], undefined],
    [
      'a state from before the claim patch',
      [statefulSet('1Gi')],
      { claim: 'data-postgres-0', size: '1Gi', templateClass: undefined, claimClass: undefined },
    ],
    [
      'a grown claim (the template keeps its first size)',
      [statefulSet('1Gi'), claimSize('2Gi', 'standard')],
      { claim: 'data-postgres-0', size: '2Gi', templateClass: undefined, claimClass: 'standard' },
    ],
    [
      'a class named in the template',
      [statefulSet('1Gi', 'fast'), claimSize('1Gi', 'fast')],
      { claim: 'data-postgres-0', size: '1Gi', templateClass: 'fast', claimClass: 'fast' },
    ],
  ])('when the state holds %s, then the storage is %j', (_, resources, expected) => {
    expect(recordedStorage(resources)).toEqual(expected);
  });
});

describe('quantityBytes', () => {
  it.each([
    ['1Gi', 2 ** 30],
    ['1536Mi', 1.5 * 2 ** 30],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['2G', 2e9],
    ['1024', 1024],
    ['lots', undefined],
  ])('when the quantity is %s, then it is %s bytes', (quantity, bytes) => {
    expect(quantityBytes(quantity)).toBe(bytes);
  });
});

describe('storageChangeProblem', () => {
  const target = { stack: 'dev', kubeContext: 'minikube', namespace: 'todo-app' };
  const grown: RecordedStorage = { claim: 'data-postgres-0', size: '2Gi', templateClass: undefined, claimClass: 'standard' };
  const backup = 'back up first: kubectl --context minikube -n todo-app exec postgres-0 -- pg_dump -U todo todo > todo.sql';

  it.each([
    ['the same size', { size: '2Gi' }],
    ['a larger size', { size: '5Gi' }],
    ['the same size spelled otherwise', { size: '2048Mi' }],
    ['the class the claim already has', { size: '2Gi', storageClass: 'standard' }],
  ])('when the config asks for %s, then it can be applied', (_, desired) => {
    expect(storageChangeProblem(grown, desired, target)).toBeUndefined();
  });

  it('when the config asks for a smaller size, then the deploy stops naming both sizes, the command that keeps the size and the backup', () => {
    expect(storageChangeProblem(grown, { size: '1Gi' }, target)?.split('\n')).toEqual([
      "postgresStorageSize is 1Gi, but the database's claim data-postgres-0 already requests 2Gi: a volume claim cannot shrink, so nothing was deployed.",
      'Keep the size: pulumi config set postgresStorageSize 2Gi --stack dev',
      `Or move the data to a new, smaller claim (${backup}; then the steps in docs/deploy.md, "Database storage").`,
    ]);
  });

  it.each<[string, RecordedStorage, DesiredStorage, string, string]>([
    [
      'another class than the default the claim got',
      grown,
      { size: '2Gi', storageClass: 'fast' },
      'pulumi config rm postgresStorageClass --stack dev',
      'class standard',
    ],
    [
      'no class after a named one',
      { ...grown, templateClass: 'fast', claimClass: 'fast' },
      { size: '2Gi' },
      'pulumi config set postgresStorageClass fast --stack dev',
      'class fast',
    ],
  ])('when the config asks for %s, then the deploy stops with the command that sets it back', (_, recorded, desired, setBack, was) => {
    const lines = storageChangeProblem(recorded, desired, target)?.split('\n');
    expect(lines?.[0]).toBe(
      `postgresStorageClass is ${desired.storageClass ?? 'unset (the cluster default)'}, but the database's claim data-postgres-0 was made with ${was}: a claim's class cannot change in place, so nothing was deployed.`,
    );
    expect(lines?.[1]).toBe(`Keep the class: ${setBack}`);
  });
});

describe('growthHint', () => {
  const recorded: RecordedStorage = { claim: 'data-postgres-0', size: '1Gi' };
  it.each([
    ['1Gi', false],
    ['2Gi', true],
  ])('when the config asks for %s, then a hint for a failed expansion is given: %s', (size, given) => {
    const hint = growthHint(recorded, { size }, 'dev');
    expect(hint === undefined ? false : hint.endsWith('pulumi config set postgresStorageSize 1Gi --stack dev')).toBe(given);
  });
});

describe('desiredFromConfig', () => {
  const listed = (extra: Record<string, unknown>) =>
    JSON.stringify({
      'todo:kubeContext': { value: 'kwok', secret: false },
      'todo:namespace': { value: 'db-app', secret: false },
      'todo:postgresStorageSize': { value: '2Gi', secret: false },
      ...extra,
    });

  it('when the config lists the storage settings, then they and the stack target are read', () => {
    expect(desiredFromConfig(listed({ 'todo:postgresStorageClass': { value: 'fast', secret: false } }), 'todo', 'db')).toEqual({
      desired: { size: '2Gi', storageClass: 'fast' },
      target: { stack: 'db', kubeContext: 'kwok', namespace: 'db-app' },
    });
  });

  it('when the stack uses an external databaseUrl, then there is nothing to check', () => {
    expect(desiredFromConfig(listed({ 'todo:databaseUrl': { secret: true } }), 'todo', 'db')).toBeUndefined();
  });
});
