import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { dockerConfigJson } from '../images/registry';
import { stackLabels } from '../labels';

export interface PullSecretArgs {
  readonly namespace: pulumi.Input<string>;
  /** Stack name (`app.kubernetes.io/instance`). */
  readonly instance: string;
  readonly environment: string;
  /** The registry the images are pushed to (`registryServer`, e.g. `ghcr.io/my-org`). */
  readonly server: string;
  readonly username: pulumi.Input<string>;
  /** A secret Output (`registryPassword`). */
  readonly password: pulumi.Input<string>;
}

/**
 * The `kubernetes.io/dockerconfigjson` Secret `<name>-pull-secret` every pod that pulls our images
 * lists in `imagePullSecrets`: the same credentials the build pushes with, so a private registry
 * works without anything set up by hand in the cluster.
 */
export class PullSecret extends pulumi.ComponentResource {
  readonly secret: k8s.core.v1.Secret;
  readonly secretName: pulumi.Output<string>;

  constructor(name: string, args: PullSecretArgs, opts?: pulumi.ComponentResourceOptions) {
    super('todo:infra:PullSecret', name, { ...args, password: pulumi.secret(args.password) }, opts);
    const config = pulumi
      .all([args.username, args.password])
      .apply(([username, password]) => dockerConfigJson(args.server, username, password));
    this.secret = new k8s.core.v1.Secret(
      `${name}-pull-secret`,
      {
        metadata: { name: `${name}-pull-secret`, namespace: args.namespace, labels: stackLabels(args) },
        type: 'kubernetes.io/dockerconfigjson',
        stringData: { '.dockerconfigjson': pulumi.secret(config) },
      },
      { parent: this, additionalSecretOutputs: ['data', 'stringData'] },
    );
    this.secretName = this.secret.metadata.name;
    this.registerOutputs({ secretName: this.secretName });
  }
}
