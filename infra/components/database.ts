import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import {
  claimSizePlan,
  credentialsPlan,
  databaseServicePlan,
  POSTGRES_DB,
  POSTGRES_PORT,
  POSTGRES_USER,
  statefulSetPlan,
} from './database-plan';

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
  /**
   * Keep the credentials Secret when the stack is destroyed (Pulumi's `retainOnDelete`). The claim
   * outlives its StatefulSet anyway (`persistentVolumeClaimRetentionPolicy`), as long as its
   * namespace is kept too. Default false.
   */
  readonly retainOnDelete?: boolean;
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
  /** The size of the StatefulSet's claim, applied to the live claim (grows it in place). */
  readonly claimSize?: k8s.core.v1.PersistentVolumeClaimPatch;

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
      retainOnDelete: args.retainOnDelete ?? false,
    });
    this.service = new k8s.core.v1.Service(`${name}-service`, databaseServicePlan(name, args), { parent: this });
    this.statefulSet = new k8s.apps.v1.StatefulSet(
      `${name}-statefulset`,
      statefulSetPlan(name, args, { serviceName: this.service.metadata.name, credentialsName: this.credentials.metadata.name }),
      // The template is immutable and only seeds the claim when it is first made; its size is the
      // claim patch's job below (database-plan.ts, `claimSizePlan`). Never retained, protected or
      // not: a kept StatefulSet would run PostgreSQL on with its Service and NetworkPolicies gone,
      // and the next deploy could not adopt it once the claim has grown (server-side apply of the
      // new template: "updates to statefulset spec for fields other than ... are forbidden", real
      // engine, provider 4.34.2). A new StatefulSet mounts the kept claim `data-<name>-0`.
      { parent: this, ignoreChanges: ['spec.volumeClaimTemplates'] },
    );
    // After the StatefulSet, which is ready only once its pod runs, so the claim exists. Always
    // retained: deleting a patch gives its fields back, and a claim's size cannot shrink anyway; the
    // claim goes with the namespace when the database is not protected.
    this.claimSize = new k8s.core.v1.PersistentVolumeClaimPatch(`${name}-claim-size`, claimSizePlan(name, args), {
      parent: this,
      dependsOn: [this.statefulSet],
      retainOnDelete: true,
    });

    this.url = pulumi.secret(
      // Percent-encoded: a password chosen by hand may hold `@`, `/` or `:`.
      pulumi.interpolate`postgresql://${POSTGRES_USER}:${password.apply(encodeURIComponent)}@${this.service.metadata.name}:${POSTGRES_PORT}/${POSTGRES_DB}`,
    );
    this.registerOutputs({ inCluster: true, service: this.service.metadata.name });
  }
}
