import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { checksumOf } from '../checksum';
import { appLabels, type LabelInput } from '../labels';

export interface BackendConfigArgs {
  readonly namespace: pulumi.Input<string>;
  readonly labels: LabelInput;
  /** Non-secret settings: become the ConfigMap `<name>-config`. */
  readonly settings: Readonly<Record<string, string>>;
  /**
   * Credentials: become the Secret `<name>-secrets` (type Opaque). Each value must be a secret Output;
   * an undefined entry is left out of the Secret (e.g. no GROQ_API_KEY when the assistant is off).
   */
  readonly secrets: Readonly<Record<string, pulumi.Output<string> | undefined>>;
}

/**
 * The backend's ConfigMap and Secret, and their checksums for the pod template: a change to either
 * changes the template, so the pods that read them roll (env from envFrom is read only at start).
 */
export class BackendConfig extends pulumi.ComponentResource {
  readonly configMap: k8s.core.v1.ConfigMap;
  readonly secret: k8s.core.v1.Secret;
  readonly configMapName: pulumi.Output<string>;
  readonly secretName: pulumi.Output<string>;
  /** Pod-template annotations `checksum/config` and `checksum/secret`. */
  readonly checksums: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: BackendConfigArgs, opts?: pulumi.ComponentResourceOptions) {
    super('todo:infra:BackendConfig', name, args, opts);
    const labels = appLabels(args.labels);
    const secretEntries = Object.entries(args.secrets).filter((entry): entry is [string, pulumi.Output<string>] => entry[1] !== undefined);
    const secretData = pulumi.secret(pulumi.output(Object.fromEntries(secretEntries)));

    this.configMap = new k8s.core.v1.ConfigMap(
      `${name}-configmap`,
      { metadata: { name: `${name}-config`, namespace: args.namespace, labels }, data: { ...args.settings } },
      { parent: this },
    );
    this.secret = new k8s.core.v1.Secret(
      `${name}-secret`,
      {
        metadata: { name: `${name}-secrets`, namespace: args.namespace, labels },
        type: 'Opaque',
        stringData: secretData,
      },
      { parent: this, additionalSecretOutputs: ['data', 'stringData'] },
    );
    this.configMapName = this.configMap.metadata.name;
    this.secretName = this.secret.metadata.name;
    this.checksums = {
      'checksum/config': pulumi.output(checksumOf(args.settings)),
      // Not secret: Pulumi marks a whole top-level property secret, so a secret annotation would hide
      // the entire Deployment spec in previews. A SHA-256 over all values together, which include the
      // generated 32-character database password, reveals nothing usable about any of them.
      'checksum/secret': pulumi.unsecret(secretData.apply((data) => checksumOf(data))),
    };
    this.registerOutputs({ configMapName: this.configMapName, secretName: this.secretName });
  }
}
