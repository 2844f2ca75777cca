import type { NetworkPoliciesArgs } from './network-policies';
import { networkPolicyPlans } from './network-policies-plan';

const args: NetworkPoliciesArgs = {
  namespace: 'todo-app',
  instance: 'dev',
  environment: 'dev',
  frontendPort: 3000,
  backendPort: 8000,
  apps: { frontend: 'frontend', backend: 'backend', migration: 'backend-migrate', postgres: 'postgres' },
};
type Spec = { ingress?: { from?: unknown; ports: unknown }[] };
const specOf = (plans: ReturnType<typeof networkPolicyPlans>, policy: string) =>
  plans.find((p) => (p.args.metadata as { name: string }).name === policy)?.args.spec as Spec | undefined;

describe('networkPolicyPlans', () => {
  it.each([
    [args.apps, ['default-deny-ingress', 'default-frontend-ingress', 'default-backend-ingress', 'default-postgres-ingress']],
    [{ ...args.apps, postgres: undefined }, ['default-deny-ingress', 'default-frontend-ingress', 'default-backend-ingress']],
  ])('when the apps are %j, then the policies are named %j', (apps, expected) => {
    expect(networkPolicyPlans('default', { ...args, apps }).map((p) => p.resourceName)).toEqual(expected);
  });

  it.each([
    [undefined, [{ ports: [{ protocol: 'TCP', port: 3000 }] }]],
    [
      { 'kubernetes.io/metadata.name': 'ingress-nginx' },
      [
        {
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }],
          ports: [{ protocol: 'TCP', port: 3000 }],
        },
      ],
    ],
  ])('when the ingress controller namespace is %j, then the frontend admits %j', (controller, expected) => {
    expect(specOf(networkPolicyPlans('default', { ...args, ingressControllerNamespace: controller }), 'frontend-ingress')?.ingress).toEqual(
      expected,
    );
  });

  it('when planned, then the backend admits only frontend pods and PostgreSQL only the backend and the migration', () => {
    const plans = networkPolicyPlans('default', args);
    expect([specOf(plans, 'backend-ingress')?.ingress, specOf(plans, 'postgres-ingress')?.ingress]).toEqual([
      [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }], ports: [{ protocol: 'TCP', port: 8000 }] }],
      [
        {
          from: [{ podSelector: { matchLabels: { app: 'backend' } } }, { podSelector: { matchLabels: { app: 'backend-migrate' } } }],
          ports: [{ protocol: 'TCP', port: 5432 }],
        },
      ],
    ]);
  });
});
