import type * as k8s from '@pulumi/kubernetes';
import { stackLabels } from '../labels';
import type { NetworkPoliciesArgs } from './network-policies';

/**
 * The NetworkPolicies of the namespace, computed from the component's name and args alone: a pure
 * function, tested here without Pulumi mocks; `NetworkPolicies` only declares them.
 */

type NetworkPolicySpec = k8s.types.input.networking.v1.NetworkPolicySpec;

/** One planned policy: its Pulumi name and its Kubernetes object. */
export interface PlannedPolicy {
  resourceName: string;
  args: k8s.networking.v1.NetworkPolicyArgs;
}

const tcp = (port: number | string) => [{ protocol: 'TCP', port }];
const pods = (app: string) => ({ podSelector: { matchLabels: { app } } });

/**
 * Deny by default, then the frontend from anywhere or from the ingress controller's namespace, the
 * backend from the frontend, PostgreSQL (when in the cluster) from the backend and the migration.
 */
export function networkPolicyPlans(name: string, args: NetworkPoliciesArgs): PlannedPolicy[] {
  const { apps } = args;
  const controller = args.ingressControllerNamespace;
  const specs: [string, NetworkPolicySpec][] = [
    [`${name}-deny-ingress`, { podSelector: {}, policyTypes: ['Ingress'] }],
    [
      `${apps.frontend}-ingress`,
      {
        ...pods(apps.frontend),
        policyTypes: ['Ingress'],
        ingress: [
          controller
            ? { from: [{ namespaceSelector: { matchLabels: { ...controller } } }], ports: tcp(args.frontendPort) }
            : { ports: tcp(args.frontendPort) },
        ],
      },
    ],
    [
      `${apps.backend}-ingress`,
      { ...pods(apps.backend), policyTypes: ['Ingress'], ingress: [{ from: [pods(apps.frontend)], ports: tcp(args.backendPort) }] },
    ],
  ];
  if (apps.postgres) {
    specs.push([
      `${apps.postgres}-ingress`,
      {
        ...pods(apps.postgres),
        policyTypes: ['Ingress'],
        ingress: [{ from: [pods(apps.backend), pods(apps.migration)], ports: tcp(5432) }],
      },
    ]);
  }
  const labels = stackLabels(args);
  return specs.map(([policyName, spec]) => ({
    // Children are named from the component's name, without repeating it (`default-deny-ingress`).
    resourceName: policyName.startsWith(`${name}-`) ? policyName : `${name}-${policyName}`,
    args: { metadata: { name: policyName, namespace: args.namespace, labels }, spec },
  }));
}
