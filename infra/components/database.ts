import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { POSTGRES_IMAGE } from '../images/postgres';
import { appLabels, selectorLabels } from '../labels';
import { pgIsReadyProbes } from '../probes';
import {
  containerSecurityContext,
  podSecurityContext,
  preStopSleep,
  REVISION_HISTORY_LIMIT,
  TERMINATION_GRACE_PERIOD_SECONDS,
  writableDirs,
} from '../workload';

/** The `postgres` user of the official image (Debian variant): it owns the data directory. */
export const POSTGRES_UID = 999;
export const POSTGRES_USER = 'todo';
export const POSTGRES_DB = 'todo';

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

    const labelInput = { app: name, component: 'database', tier: 'database', instance: args.instance, environment: args.environment };
    const labels = appLabels(labelInput);
    const selector = selectorLabels(labelInput);

    if (args.password === undefined) {
      throw new Error(`Database ${name}: a password is required for the in-cluster PostgreSQL (stack config postgresPassword)`);
    }
    const password = pulumi.secret(args.password);
    this.credentials = new k8s.core.v1.Secret(
      `${name}-credentials`,
      {
        metadata: { name: `${name}-credentials`, namespace: args.namespace, labels },
        type: 'Opaque',
        stringData: { POSTGRES_PASSWORD: password },
      },
      { parent: this, additionalSecretOutputs: ['data', 'stringData'] },
    );
    this.service = new k8s.core.v1.Service(
      `${name}-service`,
      {
        metadata: { name, namespace: args.namespace, labels },
        spec: {
          type: 'ClusterIP',
          selector,
          ports: [{ name: 'postgres', port: 5432, targetPort: 'postgres', protocol: 'TCP' }],
        },
      },
      { parent: this },
    );

    // PGDATA is a subdirectory: the volume root may hold lost+found, which initdb refuses.
    const dataDir = '/var/lib/postgresql/data';
    const writable = writableDirs(['/tmp', '/var/run/postgresql']);
    this.statefulSet = new k8s.apps.v1.StatefulSet(
      `${name}-statefulset`,
      {
        metadata: { name, namespace: args.namespace, labels },
        spec: {
          replicas: 1,
          serviceName: this.service.metadata.name,
          revisionHistoryLimit: REVISION_HISTORY_LIMIT,
          podManagementPolicy: 'OrderedReady',
          updateStrategy: { type: 'RollingUpdate' },
          persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
          selector: { matchLabels: selector },
          template: {
            metadata: { labels },
            spec: {
              automountServiceAccountToken: false,
              enableServiceLinks: false,
              terminationGracePeriodSeconds: TERMINATION_GRACE_PERIOD_SECONDS,
              securityContext: podSecurityContext(POSTGRES_UID),
              containers: [
                {
                  name: 'postgres',
                  image: args.image ?? POSTGRES_IMAGE,
                  imagePullPolicy: 'IfNotPresent',
                  ports: [{ name: 'postgres', containerPort: 5432, protocol: 'TCP' }],
                  env: [
                    { name: 'POSTGRES_USER', value: POSTGRES_USER },
                    { name: 'POSTGRES_DB', value: POSTGRES_DB },
                    { name: 'PGDATA', value: `${dataDir}/pgdata` },
                    {
                      name: 'POSTGRES_PASSWORD',
                      valueFrom: { secretKeyRef: { name: this.credentials.metadata.name, key: 'POSTGRES_PASSWORD' } },
                    },
                  ],
                  resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
                  ...pgIsReadyProbes(POSTGRES_USER, POSTGRES_DB),
                  lifecycle: preStopSleep(),
                  securityContext: containerSecurityContext(POSTGRES_UID),
                  volumeMounts: [{ name: 'data', mountPath: dataDir }, ...writable.volumeMounts],
                },
              ],
              volumes: writable.volumes,
            },
          },
          volumeClaimTemplates: [
            {
              metadata: { name: 'data', labels },
              spec: {
                accessModes: ['ReadWriteOnce'],
                storageClassName: args.storageClass,
                resources: { requests: { storage: args.storageSize ?? '1Gi' } },
              },
            },
          ],
        },
      },
      { parent: this },
    );

    this.url = pulumi.secret(
      // Percent-encoded: a password chosen by hand may hold `@`, `/` or `:`.
      pulumi.interpolate`postgresql://${POSTGRES_USER}:${password.apply(encodeURIComponent)}@${this.service.metadata.name}:5432/${POSTGRES_DB}`,
    );
    this.registerOutputs({ inCluster: true, service: this.service.metadata.name });
  }
}
