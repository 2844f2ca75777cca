import { inputsOf, recordResources } from '../testing/mocks';
import { NetworkPolicies } from './networkPolicies';

const args = { namespace: 'todo-app', instance: 'dev', environment: 'dev', frontendPort: 3000, backendPort: 8000 };

describe('NetworkPolicies', () => {
  it('when the database is in the cluster, then four policies deny by default and allow frontend, frontend→backend, backend→postgres', async () => {
    const records = await recordResources(() => new NetworkPolicies('network', { ...args, postgres: true }));
    expect(inputsOf(records, 'network-default-deny-ingress').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    expect(inputsOf(records, 'network-frontend-ingress').spec).toEqual({
      podSelector: { matchLabels: { app: 'frontend' } },
      policyTypes: ['Ingress'],
      ingress: [{ ports: [{ protocol: 'TCP', port: 3000 }] }],
    });
    expect(inputsOf(records, 'network-backend-ingress').spec).toEqual({
      podSelector: { matchLabels: { app: 'backend' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }], ports: [{ protocol: 'TCP', port: 8000 }] }],
    });
    expect(inputsOf(records, 'network-postgres-ingress').spec).toEqual({
      podSelector: { matchLabels: { app: 'postgres' } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [{ podSelector: { matchLabels: { app: 'backend' } } }, { podSelector: { matchLabels: { app: 'backend-migrate' } } }],
          ports: [{ protocol: 'TCP', port: 5432 }],
        },
      ],
    });
    expect(inputsOf(records, 'network-postgres-ingress').metadata).toEqual({
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

  it('when the database is external, then there is no postgres policy', async () => {
    const records = await recordResources(() => new NetworkPolicies('network', { ...args, postgres: false }));
    expect(records.filter((r) => r.type.endsWith('NetworkPolicy')).map((r) => r.name).sort()).toEqual([
      'network-backend-ingress',
      'network-default-deny-ingress',
      'network-frontend-ingress',
    ]);
  });
});
