import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { Resources } from '../stack-config';
import type { LabelInput } from '../labels';
import { migrationJobName, migrationJobPlan } from './migration-plan';

export { JOB_DEADLINE_SECONDS, MIGRATE_COMMAND, REPLACE_UNREADY } from './migration-plan';

/**
 * The Job's own deadline is `JOB_DEADLINE_SECONDS`: Kubernetes fails it (and kills its pod) after
 * that long. Pulumi's await for a Job defaults to 10 minutes too (node_modules/@pulumi/kubernetes/
 * batch/v1/job.d.ts), so the engine's timeout is set longer: the Job reports its own failure, with
 * its reason, instead of Pulumi giving up first with a bare timeout.
 */
export const JOB_AWAIT_TIMEOUT = '15m';

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
    this.jobName = migrationJobName(name, args.imageTag);
    this.job = new k8s.batch.v1.Job(`${name}-job`, migrationJobPlan(name, args), {
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
    });
    this.registerOutputs({ jobName: this.jobName });
  }
}
