import type * as k8s from '@pulumi/kubernetes';

type PodSecurityContext = k8s.types.input.core.v1.PodSecurityContext;
type SecurityContext = k8s.types.input.core.v1.SecurityContext;
type Volume = k8s.types.input.core.v1.Volume;
type VolumeMount = k8s.types.input.core.v1.VolumeMount;
type Lifecycle = k8s.types.input.core.v1.Lifecycle;
type DeploymentStrategy = k8s.types.input.apps.v1.DeploymentStrategy;
type TopologySpreadConstraint = k8s.types.input.core.v1.TopologySpreadConstraint;

/**
 * Settings every workload shares: how it rolls, runs and is hardened. Pure builders, so the
 * components stay short and each setting is tested once here and once per rendered object.
 */

/** The uid/gid the app images run as (`USER 1001:1001` in both Dockerfiles). */
export const APP_UID = 1001;
/** Grace period: the backend drains inside it (readiness 503 → drain delay → close). */
export const TERMINATION_GRACE_PERIOD_SECONDS = 30;
/** preStop sleep: lets endpoints controllers and kube-proxy drop the pod before SIGTERM arrives. */
export const PRE_STOP_SLEEP_SECONDS = 5;
export const REVISION_HISTORY_LIMIT = 10;

/** Pod-level: non-root with a fixed uid/gid, RuntimeDefault seccomp, volumes owned by the group. */
export function podSecurityContext(uid: number = APP_UID): PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    fsGroup: uid,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Container-level: read-only root, no privilege escalation, every capability dropped. */
export function containerSecurityContext(uid: number = APP_UID): SecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    privileged: false,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/**
 * A writable `emptyDir` for each path the process must write to under a read-only root filesystem.
 * Volume names are derived from the path (`/app/apps/frontend/.next/cache` → `app-apps-frontend-next-cache`).
 */
export function writableDirs(paths: readonly string[]): { volumes: Volume[]; volumeMounts: VolumeMount[] } {
  const named = paths.map((mountPath) => ({ mountPath, name: volumeNameFor(mountPath) }));
  return {
    volumes: named.map(({ name }) => ({ name, emptyDir: { sizeLimit: '256Mi' } })),
    volumeMounts: named.map(({ name, mountPath }) => ({ name, mountPath })),
  };
}

export function volumeNameFor(path: string): string {
  const name = path
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return (name || 'root').slice(0, 63).replace(/-+$/, '');
}

/** preStop uses the kubelet's own sleep action (no `sleep` binary needed in the image). */
export function preStopSleep(seconds: number = PRE_STOP_SLEEP_SECONDS): Lifecycle {
  return { preStop: { sleep: { seconds } } };
}

/** Zero-downtime rollout: one extra pod at a time, never fewer ready pods than desired. */
export function rollingUpdate(): DeploymentStrategy {
  return { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } };
}

/**
 * Spread an app's replicas over nodes (one node down takes at most its share of them), as a
 * preference: `ScheduleAnyway` never leaves a pod Pending, so a one-node Minikube schedules as
 * before. `matchLabelKeys: pod-template-hash` counts only the pods of the current ReplicaSet, so a
 * rolling update is balanced by its own new pods (Kubernetes >= 1.27, on by default).
 */
export function spreadAcrossNodes(selector: Record<string, string>): TopologySpreadConstraint[] {
  return [
    {
      maxSkew: 1,
      topologyKey: 'kubernetes.io/hostname',
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: selector },
      matchLabelKeys: ['pod-template-hash'],
    },
  ];
}
