import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { networkPolicyPlans } from './network-policies-plan';

export interface NetworkPoliciesArgs {
  readonly namespace: pulumi.Input<string>;
  /** Stack name, for the objects' own labels. */
  readonly instance: string;
  readonly environment: string;
  readonly frontendPort: number;
  readonly backendPort: number;
  /**
   * The `app` labels (= the component names) of the workloads the rules select. `postgres` only
   * for an in-cluster database: without it no postgres policy is created.
   */
  readonly apps: { readonly frontend: string; readonly backend: string; readonly migration: string; readonly postgres?: string };
  /**
   * Labels of the namespace the ingress controller runs in. When set (the frontend is behind an
   * Ingress), only pods of that namespace may reach the frontend; unset (NodePort or LoadBalancer),
   * any source may. Default unset.
   */
  readonly ingressControllerNamespace?: Readonly<Record<string, string>>;
}

/**
 * Ingress rules for the namespace: deny by default (`<name>-deny-ingress`); the frontend from
 * anywhere (it is the only public entry), or only from the ingress controller's namespace when it
 * sits behind an Ingress; the backend only from frontend pods; PostgreSQL only from
 * the backend and the migration Job (`<app>-ingress` each). Egress stays open (DNS, the Groq API,
 * an external database). They need a CNI that enforces NetworkPolicy (Minikube: `--cni=calico`);
 * without one they are inert.
 */
export class NetworkPolicies extends pulumi.ComponentResource {
  readonly policies: k8s.networking.v1.NetworkPolicy[] = [];

  constructor(name: string, args: NetworkPoliciesArgs, opts?: pulumi.ComponentResourceOptions) {
    super('todo:infra:NetworkPolicies', name, args, opts);
    for (const planned of networkPolicyPlans(name, args)) {
      this.policies.push(new k8s.networking.v1.NetworkPolicy(planned.resourceName, planned.args, { parent: this }));
    }
    this.registerOutputs({});
  }
}
