import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { Resources } from '../config';
import { appLabels, type LabelInput } from '../labels';
import { containerSecurityContext, podSecurityContext, TERMINATION_GRACE_PERIOD_SECONDS, writableDirs } from '../workload';

/**
 * The command the backend image runs to migrate (apps/backend/Dockerfile, WORKDIR
 * /app/apps/backend; apps/backend/src/migrate.ts): Prisma's schema engine compiled to WebAssembly
 * applies the committed migrations to DATABASE_URL as `prisma migrate deploy` does, with no native
 * engine, so it runs on any node architecture.
 */
export const MIGRATE_COMMAND = ['node', 'dist/migrate.js'];

/**
 * The Job's own deadline: Kubernetes fails it (and kills its pod) after this long. Pulumi's await
 * for a Job defaults to 10 minutes too (node_modules/@pulumi/kubernetes/batch/v1/job.d.ts), so the
 * engine's timeout is set longer (`JOB_AWAIT_TIMEOUT`): the Job reports its own failure, with its
 * reason, instead of Pulumi giving up first with a bare timeout.
 */
export const JOB_DEADLINE_SECONDS = 600;
export const JOB_AWAIT_TIMEOUT = '15m';

/**
 * `pulumi.com/replaceUnready: "true"`: on the next `pulumi up`, a Job whose live state is not
 * complete (it failed) is replaced, so the migration runs again instead of Pulumi re-awaiting the
 * same failed Job and failing at once. The provider reads the live Job in Diff and, because the
 * name is explicit, deletes it before creating the new one (pulumi/pulumi-kubernetes
 * provider/pkg/provider/provider.go `Diff`; PRs #1575, #1578; issue #856).
 */
export const REPLACE_UNREADY = { 'pulumi.com/replaceUnready': 'true' } as const;

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
  /** `kubernetes.io/dockerconfigjson` Secrets for pulling the image from a registry. Default none. */
  readonly imagePullSecrets?: pulumi.Input<string>[];
  /** Default `MIGRATE_COMMAND` (`node dist/migrate.js`). */
  readonly command?: readonly string[];
  /** Default 50m/128Mi requests, 500m/512Mi limits. */
  readonly resources?: Resources;
  /** Resources the Job waits for (the in-cluster database). Default none. */
  readonly runAfter?: pulumi.Input<pulumi.Resource>[];
}

/**
 * The backend image's migration entry (`MIGRATE_COMMAND`) as a Job, once per backend image tag. Pulumi waits for a Job to complete,
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
        metadata: { name: this.jobName, namespace: args.namespace, labels, annotations: { ...REPLACE_UNREADY } },
        spec: {
          backoffLimit: 3,
          activeDeadlineSeconds: JOB_DEADLINE_SECONDS,
          // No ttlSecondsAfterFinished: a Job the cluster deleted on its own would vanish from the
          // next refresh and be created again, re-running the migration for an unchanged image.
          template: {
            metadata: { labels },
            spec: {
              restartPolicy: 'Never',
              automountServiceAccountToken: false,
              imagePullSecrets: args.imagePullSecrets?.map((name) => ({ name })),
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
      {
        parent: this,
        dependsOn: args.runAfter,
        customTimeouts: { create: JOB_AWAIT_TIMEOUT, update: JOB_AWAIT_TIMEOUT },
        // Delete the previous tag's Job before creating the new one. With the default
        // create-before-delete, a failed migration leaves the previous Job queued for deletion in the
        // state; when the fix brings that tag back, the engine creates its Job (server-side apply
        // adopts the live one) and then runs the queued delete on the same object: the cluster
        // suite's failed-migration step showed the current tag's Job gone after a successful
        // deploy. A Job is a record of a run, so nothing serves from the one deleted first.
        deleteBeforeReplace: true,
      },
    );
    this.registerOutputs({ jobName: this.jobName });
  }
}
