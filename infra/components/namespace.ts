import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { stackLabels } from '../labels';

export interface NamespaceArgs {
  /** The Kubernetes name of the namespace, e.g. `todo-app` (config `namespace`). */
  readonly name: string;
  /** Stack name (`app.kubernetes.io/instance`). */
  readonly instance: string;
  readonly environment: string;
  /**
   * Keep the namespace when the stack is destroyed (Pulumi's `retainOnDelete`): deleting a namespace
   * deletes everything in it, the database's volume claim included. Default false.
   */
  readonly retainOnDelete?: boolean;
}

/**
 * The namespace every object of the stack lives in, labelled like the rest of the stack, with Pod
 * Security Admission enforcing the "restricted" profile: a pod that is not hardened is refused.
 */
export class Namespace extends pulumi.ComponentResource {
  readonly namespace: k8s.core.v1.Namespace;
  /** The namespace name, known once it exists: namespaced objects take it so they are created after it. */
  readonly name: pulumi.Output<string>;

  constructor(name: string, args: NamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
    super('todo:infra:Namespace', name, args, opts);
    this.namespace = new k8s.core.v1.Namespace(
      `${name}-namespace`,
      {
        metadata: {
          name: args.name,
          labels: {
            ...stackLabels(args),
            'pod-security.kubernetes.io/enforce': 'restricted',
            'pod-security.kubernetes.io/warn': 'restricted',
          },
        },
      },
      { parent: this, retainOnDelete: args.retainOnDelete ?? false },
    );
    this.name = this.namespace.metadata.name;
    this.registerOutputs({ name: this.name });
  }
}
