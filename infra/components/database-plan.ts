import type * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
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
import type { DatabaseArgs } from './database';

/**
 * What each object of the in-cluster PostgreSQL looks like, computed from the component's name and
 * args alone: pure functions, tested here without Pulumi mocks; `Database` only declares them.
 */

type SecretArgs = k8s.core.v1.SecretArgs;
type ServiceArgs = k8s.core.v1.ServiceArgs;
type StatefulSetArgs = k8s.apps.v1.StatefulSetArgs;
type ClaimPatchArgs = k8s.core.v1.PersistentVolumeClaimPatchArgs;
type Container = k8s.types.input.core.v1.Container;

/** The `postgres` user of the official image (Debian variant): it owns the data directory. */
export const POSTGRES_UID = 999;
export const POSTGRES_USER = 'todo';
export const POSTGRES_DB = 'todo';
export const POSTGRES_PORT = 5432;
/** PGDATA is a subdirectory of it: the volume root may hold lost+found, which initdb refuses. */
export const POSTGRES_DATA_DIR = '/var/lib/postgresql/data';
/** The claim's size when the stack sets none (config `postgresStorageSize`). */
export const DEFAULT_STORAGE_SIZE = '1Gi';
/** The volume claim template's name: the StatefulSet controller names the claim `data-<name>-0`. */
const DATA_VOLUME = 'data';

type PlanArgs = Pick<DatabaseArgs, 'namespace' | 'instance' | 'environment' | 'image' | 'storageSize' | 'storageClass'>;

/** The database's labels and selector: app named after the component, component and tier `database`. */
export function databaseLabels(
  name: string,
  args: Pick<DatabaseArgs, 'instance' | 'environment'>,
): {
  labels: Record<string, string>;
  selector: Record<string, string>;
} {
  const input = { app: name, component: 'database', tier: 'database', instance: args.instance, environment: args.environment };
  return { labels: appLabels(input), selector: selectorLabels(input) };
}

/** The Secret holding the password, as the image's `POSTGRES_PASSWORD`. */
export function credentialsPlan(name: string, args: PlanArgs, password: pulumi.Input<string>): SecretArgs {
  return {
    metadata: { name: `${name}-credentials`, namespace: args.namespace, labels: databaseLabels(name, args).labels },
    type: 'Opaque',
    stringData: { POSTGRES_PASSWORD: password },
  };
}

/** The ClusterIP Service the backend and the migration reach the database through. */
export function databaseServicePlan(name: string, args: PlanArgs): ServiceArgs {
  const { labels, selector } = databaseLabels(name, args);
  return {
    metadata: { name, namespace: args.namespace, labels },
    spec: {
      type: 'ClusterIP',
      selector,
      ports: [{ name: 'postgres', port: POSTGRES_PORT, targetPort: 'postgres', protocol: 'TCP' }],
    },
  };
}

const postgresWritableDirs = () => writableDirs(['/tmp', '/var/run/postgresql']);

/** The PostgreSQL container, reading its password from the credentials Secret. */
export function postgresContainer(args: PlanArgs, credentialsName: pulumi.Input<string>): Container {
  return {
    name: 'postgres',
    image: args.image ?? POSTGRES_IMAGE,
    imagePullPolicy: 'IfNotPresent',
    ports: [{ name: 'postgres', containerPort: POSTGRES_PORT, protocol: 'TCP' }],
    env: [
      { name: 'POSTGRES_USER', value: POSTGRES_USER },
      { name: 'POSTGRES_DB', value: POSTGRES_DB },
      { name: 'PGDATA', value: `${POSTGRES_DATA_DIR}/pgdata` },
      {
        name: 'POSTGRES_PASSWORD',
        valueFrom: { secretKeyRef: { name: credentialsName, key: 'POSTGRES_PASSWORD' } },
      },
    ],
    resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
    ...pgIsReadyProbes(POSTGRES_USER, POSTGRES_DB),
    lifecycle: preStopSleep(),
    securityContext: containerSecurityContext(POSTGRES_UID),
    volumeMounts: [{ name: 'data', mountPath: POSTGRES_DATA_DIR }, ...postgresWritableDirs().volumeMounts],
  };
}

/** The single-replica StatefulSet with its data volume claim, governed by `serviceName`. */
export function statefulSetPlan(
  name: string,
  args: PlanArgs,
  refs: { serviceName: pulumi.Input<string>; credentialsName: pulumi.Input<string> },
): StatefulSetArgs {
  const { labels, selector } = databaseLabels(name, args);
  return {
    metadata: { name, namespace: args.namespace, labels },
    spec: {
      replicas: 1,
      serviceName: refs.serviceName,
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
          containers: [postgresContainer(args, refs.credentialsName)],
          volumes: postgresWritableDirs().volumes,
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: DATA_VOLUME, labels },
          spec: {
            accessModes: ['ReadWriteOnce'],
            storageClassName: args.storageClass,
            resources: { requests: { storage: args.storageSize ?? DEFAULT_STORAGE_SIZE } },
          },
        },
      ],
    },
  };
}

/**
 * The claim the StatefulSet controller made from the template for the one replica (Kubernetes names
 * it `<template>-<statefulset>-<ordinal>`).
 */
export function claimName(name: string): string {
  return `${DATA_VOLUME}-${name}-0`;
}

/**
 * The claim's size, applied to the live claim: the StatefulSet's `volumeClaimTemplates` is immutable
 * (the provider replaces the StatefulSet for any change there: pulumi-kubernetes
 * provider/pkg/provider/diff.go, and a new template never reaches an existing claim anyway), so
 * `Database` ignores changes to the template and grows the claim in place with this patch, which the
 * API server accepts when the claim's StorageClass has `allowVolumeExpansion`.
 *
 * `pulumi.com/patchForce`: the StatefulSet controller created the claim and owns this field
 * (managedFields, manager kube-controller-manager); server-side apply of a different value by
 * another manager is a conflict unless forced.
 */
export function claimSizePlan(name: string, args: PlanArgs): ClaimPatchArgs {
  return {
    metadata: { name: claimName(name), namespace: args.namespace, annotations: { 'pulumi.com/patchForce': 'true' } },
    spec: { resources: { requests: { storage: args.storageSize ?? DEFAULT_STORAGE_SIZE } } },
  };
}
