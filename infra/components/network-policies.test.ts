import { inputsOf, recordResources, type Inputs } from '../testing/mocks';
import { NetworkPolicies } from './network-policies';

const args = { namespace: 'todo-app', instance: 'dev', environment: 'dev', frontendPort: 3000, backendPort: 8000 };
const apps = { frontend: 'frontend', backend: 'backend', migration: 'backend-migrate' };

describe('NetworkPolicies', () => {
  it('when the database is in the cluster, then four policies deny by default and allow frontend, frontend→backend, backend→postgres', async () => {
    const records = await recordResources(() => new NetworkPolicies('default', { ...args, apps: { ...apps, postgres: 'postgres' } }));
    expect(inputsOf(records, 'default-deny-ingress').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    expect(inputsOf(records, 'default-frontend-ingress').spec).toEqual({
      podSelector: { matchLabels: { app: 'frontend' } },
      policyTypes: ['Ingress'],
      ingress: [{ ports: [{ protocol: 'TCP', port: 3000 }] }],
    });
    expect(inputsOf(records, 'default-backend-ingress').spec).toEqual({
      podSelector: { matchLabels: { app: 'backend' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }], ports: [{ protocol: 'TCP', port: 8000 }] }],
    });
    expect(inputsOf(records, 'default-postgres-ingress').spec).toEqual({
      podSelector: { matchLabels: { app: 'postgres' } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [{ podSelector: { matchLabels: { app: 'backend' } } }, { podSelector: { matchLabels: { app: 'backend-migrate' } } }],
          ports: [{ protocol: 'TCP', port: 5432 }],
        },
      ],
    });
    expect(inputsOf(records, 'default-postgres-ingress').metadata).toEqual({
      name: 'postgres-ingress',
      namespace: 'todo-app',
      labels: {
        'app.kubernetes.io/part-of': 'todo',
        'app.kubernetes.io/instance': 'dev',
        'app.kubernetes.io/managed-by': 'pulumi',
        environment: 'dev',
      },
    });
  });

  it("when the frontend is behind an Ingress, then only the controller's namespace (by its label) reaches the frontend port", async () => {
    const records = await recordResources(
      () =>
        new NetworkPolicies('default', {
          ...args,
          apps,
          ingressControllerNamespace: { 'kubernetes.io/metadata.name': 'ingress-nginx' },
        }),
    );
    expect(inputsOf(records, 'default-frontend-ingress').spec).toEqual({
      podSelector: { matchLabels: { app: 'frontend' } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }],
          ports: [{ protocol: 'TCP', port: 3000 }],
        },
      ],
    });
    // The backend rule does not change: still only the frontend's pods.
    expect(inputsOf(records, 'default-backend-ingress').spec.ingress).toEqual([
      { from: [{ podSelector: { matchLabels: { app: 'frontend' } } }], ports: [{ protocol: 'TCP', port: 8000 }] },
    ]);
  });

  it('when the database is external, then there is no postgres policy', async () => {
    const records = await recordResources(() => new NetworkPolicies('default', { ...args, apps }));
    expect(
      records
        .filter((r) => r.type.endsWith('NetworkPolicy'))
        .map((r) => r.name)
        .sort(),
    ).toEqual(['default-backend-ingress', 'default-deny-ingress', 'default-frontend-ingress']);
  });
});

describe('NetworkPolicies names', () => {
  it('when two instances select other apps, then every policy name derives from the instance or its apps (no collision)', async () => {
    const records = await recordResources(() => {
      new NetworkPolicies('default', { ...args, apps });
      new NetworkPolicies('canary', {
        ...args,
        apps: { frontend: 'frontend-canary', backend: 'backend-canary', migration: 'backend-canary-migrate' },
      });
    });
    const names = records.filter((r) => r.type.endsWith('NetworkPolicy')).map((r) => [r.name, (r.inputs as Inputs).metadata.name]);
    expect(names).toEqual([
      ['default-deny-ingress', 'default-deny-ingress'],
      ['default-frontend-ingress', 'frontend-ingress'],
      ['default-backend-ingress', 'backend-ingress'],
      ['canary-deny-ingress', 'canary-deny-ingress'],
      ['canary-frontend-canary-ingress', 'frontend-canary-ingress'],
      ['canary-backend-canary-ingress', 'backend-canary-ingress'],
    ]);
    expect(inputsOf(records, 'canary-backend-canary-ingress').spec.ingress[0].from).toEqual([
      { podSelector: { matchLabels: { app: 'frontend-canary' } } },
    ]);
  });
});
