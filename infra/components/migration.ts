import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { Resources } from '../config';
import { appLabels, type LabelInput } from '../labels';
import { containerSecurityContext, podSecurityContext, TERMINATION_GRACE_PERIOD_SECONDS, writableDirs } from '../workload';

/**
 * The command the backend image runs to migrate (see apps/backend/Dockerfile: WORKDIR
 * /app/apps/backend, `node_modules/.bin` on PATH, `prisma.config.ts` reads DATABASE_URL).
 */
export const MIGRATE_COMMAND = ['prisma', 'migrate', 'deploy'];

export interface MigrationArgs {
  readonly namespace: pulumi.Input<string>;
  /** Labels of the Job (app `backend-migrate`, component `migration`). */
  readonly labels: LabelInput;
  /** The backend image reference; the Job is named after its tag so each new image migrates once. */
  readonly image: pulumi.Input<string>;
  readonly imageTag: string;
  readonly imagePullPolicy: 'Never' | 'IfNotPresent' | 'Always';
  /** The Secret holding `DATABASE_URL`. */
  readonly secretName: pulumi.Input<string>;
  /** Default `prisma migrate deploy`. */
  readonly command?: readonly string[];
  /** Default 50m/128Mi requests, 500m/512Mi limits. */
  readonly resources?: Resources;
  /** Resources the Job waits for (the in-cluster database). Default none. */
  readonly runAfter?: pulumi.Input<pulumi.Resource>[];
}

/**
 * `prisma migrate deploy` as a Job, once per backend image tag. Pulumi waits for a Job to complete,
 * so a backend Deployment that depends on this component rolls out only after the schema is current;
 * a failed migration stops the update before any pod runs the new code.
 */
export class Migration extends pulumi.ComponentResource {
  readonly job: k8s.batch.v1.Job;
  readonly jobName: string;

  constructor(name: string, args: MigrationArgs, opts?: pulumi.ComponentResourceOptions) {
    super('todo:infra:Migration', name, args, opts);
    const labels = appLabels(args.labels);
    const writable = writableDirs(['/tmp']);
    this.jobName = `${name}-${args.imageTag}`;

    this.job = new k8s.batch.v1.Job(
      `${name}-job`,
      {
        metadata: { name: this.jobName, namespace: args.namespace, labels },
        spec: {
          backoffLimit: 3,
          activeDeadlineSeconds: 600,
          template: {
            metadata: { labels },
            spec: {
              restartPolicy: 'Never',
              automountServiceAccountToken: false,
              enableServiceLinks: false,
              terminationGracePeriodSeconds: TERMINATION_GRACE_PERIOD_SECONDS,
              securityContext: podSecurityContext(),
              containers: [
                {
                  name: 'migrate',
                  image: args.image,
                  imagePullPolicy: args.imagePullPolicy,
                  command: [...(args.command ?? MIGRATE_COMMAND)],
                  env: [
                    { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: args.secretName, key: 'DATABASE_URL' } } },
                  ],
                  resources: args.resources ?? {
                    requests: { cpu: '50m', memory: '128Mi' },
                    limits: { cpu: '500m', memory: '512Mi' },
                  },
                  securityContext: containerSecurityContext(),
                  volumeMounts: writable.volumeMounts,
                },
              ],
              volumes: writable.volumes,
            },
          },
        },
      },
      { parent: this, dependsOn: args.runAfter },
    );
    this.registerOutputs({ jobName: this.jobName });
  }
}
