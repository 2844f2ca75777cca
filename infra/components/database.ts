import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { credentialsPlan, databaseServicePlan, POSTGRES_DB, POSTGRES_PORT, POSTGRES_USER, statefulSetPlan } from './database-plan';

export { POSTGRES_DB, POSTGRES_UID, POSTGRES_USER } from './database-plan';

export interface DatabaseArgs {
  readonly namespace: pulumi.Input<string>;
  /** Stack name (`app.kubernetes.io/instance`). */
  readonly instance: string;
  readonly environment: string;
  /**
   * An external PostgreSQL URL (secret). When set, nothing is created in the cluster and `url` is
   * this value. Default: an in-cluster PostgreSQL StatefulSet.
   */
  readonly externalUrl?: pulumi.Output<string>;
  /**
   * The in-cluster PostgreSQL's password (a secret, from the stack's encrypted `postgresPassword`).
   * Required without `externalUrl`. PostgreSQL takes it once, when it initialises its data volume.
   */
  readonly password?: pulumi.Input<string>;
  /** PostgreSQL image (pinned tag). Default `POSTGRES_IMAGE`. */
  readonly image?: string;
  /** PVC size. Default `1Gi`. */
  readonly storageSize?: string;
  /** Storage class. Default: the cluster's default class (Minikube: `standard`). */
  readonly storageClass?: string;
}

/**
 * PostgreSQL for the backend: either the external database the stack names, or a single-replica
 * StatefulSet with a PVC, a ClusterIP Service and the stack's password kept in a Secret, named after
 * the component (`postgres`, `postgres-credentials`).
 */
export class Database extends pulumi.ComponentResource {
  /** `postgresql://...` for the backend and the migration; always a secret Output. */
  readonly url: pulumi.Output<string>;
  /** True when the database runs in the cluster (NetworkPolicy and dependency wiring need it). */
  readonly inCluster: boolean;
  readonly statefulSet?: k8s.apps.v1.StatefulSet;
  readonly service?: k8s.core.v1.Service;
  readonly credentials?: k8s.core.v1.Secret;

  constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    // The component's inputs are recorded in the state too: the password only as a secret.
    super('todo:infra:Database', name, { ...args, password: args.password === undefined ? undefined : pulumi.secret(args.password) }, opts);
    this.inCluster = args.externalUrl === undefined;
    if (args.externalUrl !== undefined) {
      this.url = pulumi.secret(args.externalUrl);
      this.registerOutputs({ inCluster: false });
      return;
    }

    if (args.password === undefined) {
      throw new Error(`Database ${name}: a password is required for the in-cluster PostgreSQL (stack config postgresPassword)`);
    }
    const password = pulumi.secret(args.password);
    this.credentials = new k8s.core.v1.Secret(`${name}-credentials`, credentialsPlan(name, args, password), {
      parent: this,
      additionalSecretOutputs: ['data', 'stringData'],
    });
    this.service = new k8s.core.v1.Service(`${name}-service`, databaseServicePlan(name, args), { parent: this });
    this.statefulSet = new k8s.apps.v1.StatefulSet(
      `${name}-statefulset`,
      statefulSetPlan(name, args, { serviceName: this.service.metadata.name, credentialsName: this.credentials.metadata.name }),
      { parent: this },
    );

    this.url = pulumi.secret(
      // Percent-encoded: a password chosen by hand may hold `@`, `/` or `:`.
      pulumi.interpolate`postgresql://${POSTGRES_USER}:${password.apply(encodeURIComponent)}@${this.service.metadata.name}:${POSTGRES_PORT}/${POSTGRES_DB}`,
    );
    this.registerOutputs({ inCluster: true, service: this.service.metadata.name });
  }
}
