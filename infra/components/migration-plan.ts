import type * as k8s from '@pulumi/kubernetes';
import { appLabels } from '../labels';
import { containerSecurityContext, podSecurityContext, TERMINATION_GRACE_PERIOD_SECONDS, writableDirs } from '../workload';
import type { MigrationArgs } from './migration';

/**
 * What the migration Job looks like, computed from the component's name and args alone: a pure
 * function, tested here without Pulumi mocks; `Migration` only declares it (with its await options).
 */

/**
 * The command the backend image runs to migrate (apps/backend/Dockerfile, WORKDIR
 * /app/apps/backend; apps/backend/src/migrate.ts): Prisma's schema engine compiled to WebAssembly
 * applies the committed migrations to DATABASE_URL as `prisma migrate deploy` does, with no native
 * engine, so it runs on any node architecture.
 */
export const MIGRATE_COMMAND = ['node', 'dist/migrate.js'];

/** The Job's own deadline: Kubernetes fails it (and kills its pod) after this long (see `JOB_AWAIT_TIMEOUT`). */
export const JOB_DEADLINE_SECONDS = 600;

/**
 * `pulumi.com/replaceUnready: "true"`: on the next `pulumi up`, a Job whose live state is not
 * complete (it failed) is replaced, so the migration runs again instead of Pulumi re-awaiting the
 * same failed Job and failing at once. The provider reads the live Job in Diff and, because the
 * name is explicit, deletes it before creating the new one (pulumi/pulumi-kubernetes
 * provider/pkg/provider/provider.go `Diff`; PRs #1575, #1578; issue #856).
 */
export const REPLACE_UNREADY = { 'pulumi.com/replaceUnready': 'true' } as const;

/** The Job's name: one per backend image tag, so each new image migrates once. */
export function migrationJobName(name: string, imageTag: string): string {
  return `${name}-${imageTag}`;
}

/** The Job running `MIGRATE_COMMAND` (or the given command) once in the backend image. */
export function migrationJobPlan(name: string, args: MigrationArgs): k8s.batch.v1.JobArgs {
  const labels = appLabels(args.labels);
  const writable = writableDirs(['/tmp']);
  return {
    metadata: { name: migrationJobName(name, args.imageTag), namespace: args.namespace, labels, annotations: { ...REPLACE_UNREADY } },
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
              env: [{ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: args.secretName, key: 'DATABASE_URL' } } }],
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
  };
}
