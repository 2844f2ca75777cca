import { keptMessage, keptObjects } from './retained';
import type { StateResource } from './stack-state';

/** Resources as `pulumi stack export` records them (URNs and kinds from the real CLI 3.248 on kwok). */
const urn = (type: string, name: string) => `urn:pulumi:dev::todo::${type}::${name}`;
const provider: StateResource = {
  urn: urn('pulumi:providers:kubernetes', 'k8s'),
  type: 'pulumi:providers:kubernetes',
  inputs: { context: 'kwok-todo-dev' },
};
function object(type: string, kind: string, name: string, namespace: string | undefined, retainOnDelete?: boolean): StateResource {
  return {
    urn: urn(`todo:infra:Database$${type}`, name),
    type,
    outputs: { kind, metadata: { name, ...(namespace ? { namespace } : {}) } },
    ...(retainOnDelete ? { retainOnDelete } : {}),
  };
}
const namespace = (retained: boolean) => object('kubernetes:core/v1:Namespace', 'Namespace', 'todo-app', undefined, retained);
const credentials = (retained: boolean) => object('kubernetes:core/v1:Secret', 'Secret', 'postgres-credentials', 'todo-app', retained);
/** The claim's size patch is always retained; it records the patched object's kind. */
const claimSize = object('kubernetes:core/v1:PersistentVolumeClaimPatch', 'PersistentVolumeClaim', 'data-postgres-0', 'todo-app', true);
const statefulSet = object('kubernetes:apps/v1:StatefulSet', 'StatefulSet', 'postgres', 'todo-app');

describe('keptObjects', () => {
  it.each([
    ['protected', true, ['Namespace /todo-app', 'Secret todo-app/postgres-credentials', 'PersistentVolumeClaim todo-app/data-postgres-0']],
    ['not protected (the claim patch is retained but goes with the namespace)', false, []],
  ])('when the database is %s, then destroy keeps %j', (_, retained, expected) => {
    const kept = keptObjects([provider, namespace(retained), credentials(retained), claimSize, statefulSet]);
    expect(kept.map((o) => `${o.kind} ${o.namespace ?? ''}/${o.name}`)).toEqual(expected);
  });

  it('when a retained resource has no recorded kind or name, then it is left out', () => {
    expect(
      keptObjects([{ urn: urn('kubernetes:core/v1:Namespace', 'x'), type: 'kubernetes:core/v1:Namespace', retainOnDelete: true }]),
    ).toEqual([]);
  });
});

describe('keptMessage', () => {
  it('when the database is protected, then the lines name each kept object, the kubectl command that removes them and the config way', () => {
    expect(keptMessage([provider, namespace(true), credentials(true), claimSize, statefulSet], 'dev')).toEqual([
      "Kept (protectDatabase is on): the database's data and credentials stay in the cluster, and the next npm run deploy -- --stack dev uses them again:",
      '  Namespace todo-app',
      '  Secret todo-app/postgres-credentials',
      '  PersistentVolumeClaim todo-app/data-postgres-0',
      'To delete them too (this deletes the database; back it up first with pg_dump): kubectl --context kwok-todo-dev delete namespace todo-app',
      'To have destroy delete them next time: pulumi config set protectDatabase false --stack dev, then npm run deploy and npm run destroy.',
    ]);
  });

  it('when nothing is kept, then there is nothing to say', () => {
    expect(keptMessage([provider, namespace(false), credentials(false), claimSize, statefulSet], 'dev')).toEqual([]);
  });
});
