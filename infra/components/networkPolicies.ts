import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { PART_OF } from '../labels';

export interface NetworkPoliciesArgs {
  readonly namespace: pulumi.Input<string>;
  /** Stack name, for the objects' own labels. */
  readonly instance: string;
  readonly environment: string;
  readonly frontendPort: number;
  readonly backendPort: number;
  /** Add the `postgres` policy (in-cluster database only). */
  readonly postgres: boolean;
}

/**
 * Ingress rules for the namespace: deny by default; the frontend from anywhere (it is the only
 * public entry); the backend only from frontend pods; PostgreSQL only from the backend and the
 * migration Job. Egress stays open (DNS, the Groq API, an external database).
 * They need a CNI that enforces NetworkPolicy (Minikube: `--cni=calico`); without one they are inert.
 */
export class NetworkPolicies extends pulumi.ComponentResource {
  readonly policies: k8s.networking.v1.NetworkPolicy[] = [];

  constructor(name: string, args: NetworkPoliciesArgs, opts?: pulumi.ComponentResourceOptions) {
    super('todo:infra:NetworkPolicies', name, {}, opts);
    const labels = {
      'app.kubernetes.io/part-of': PART_OF,
      'app.kubernetes.io/instance': args.instance,
      'app.kubernetes.io/managed-by': 'pulumi',
      environment: args.environment,
    };
    const tcp = (port: number | string) => [{ protocol: 'TCP', port }];
    const policy = (suffix: string, spec: k8s.types.input.networking.v1.NetworkPolicySpec) =>
      this.policies.push(
        new k8s.networking.v1.NetworkPolicy(
          `${name}-${suffix}`,
          { metadata: { name: suffix, namespace: args.namespace, labels }, spec },
          { parent: this },
        ),
      );

    policy('default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] });
    policy('frontend-ingress', {
      podSelector: { matchLabels: { app: 'frontend' } },
      policyTypes: ['Ingress'],
      ingress: [{ ports: tcp(args.frontendPort) }],
    });
    policy('backend-ingress', {
      podSelector: { matchLabels: { app: 'backend' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }], ports: tcp(args.backendPort) }],
    });
    if (args.postgres) {
      policy('postgres-ingress', {
        podSelector: { matchLabels: { app: 'postgres' } },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [
              { podSelector: { matchLabels: { app: 'backend' } } },
              { podSelector: { matchLabels: { app: 'backend-migrate' } } },
            ],
            ports: tcp(5432),
          },
        ],
      });
    }
    this.registerOutputs({});
  }
}
