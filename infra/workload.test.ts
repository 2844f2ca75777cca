import {
  containerSecurityContext,
  podSecurityContext,
  preStopSleep,
  rollingUpdate,
  spreadAcrossNodes,
  volumeNameFor,
  writableDirs,
} from './workload';

describe('security contexts', () => {
  it('when built with the default uid, then the pod runs as 1001:1001 with RuntimeDefault seccomp', () => {
    expect(podSecurityContext()).toEqual({
      runAsNonRoot: true,
      runAsUser: 1001,
      runAsGroup: 1001,
      fsGroup: 1001,
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  it('when built, then the container is read-only, unprivileged and drops every capability', () => {
    expect(containerSecurityContext()).toEqual({
      runAsNonRoot: true,
      runAsUser: 1001,
      runAsGroup: 1001,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      privileged: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });
});

describe('volumeNameFor', () => {
  it.each([
    ['/tmp', 'tmp'],
    ['/app/apps/frontend/.next/cache', 'app-apps-frontend-next-cache'],
    ['/var/run/postgresql', 'var-run-postgresql'],
    ['/', 'root'],
  ])('when the path is %s, then the volume is named %s', (path, name) => {
    expect(volumeNameFor(path)).toBe(name);
  });
});

describe('writableDirs', () => {
  it('when given two paths, then each gets a size-limited emptyDir and a mount at that path', () => {
    expect(writableDirs(['/tmp', '/app/.next/cache'])).toEqual({
      volumes: [
        { name: 'tmp', emptyDir: { sizeLimit: '256Mi' } },
        { name: 'app-next-cache', emptyDir: { sizeLimit: '256Mi' } },
      ],
      volumeMounts: [
        { name: 'tmp', mountPath: '/tmp' },
        { name: 'app-next-cache', mountPath: '/app/.next/cache' },
      ],
    });
  });
});

describe('rollout settings', () => {
  it('when built, then the rollout surges by one and never drops below the desired count', () => {
    expect(rollingUpdate()).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
  });

  it('when built, then preStop sleeps 5 s with the kubelet sleep action', () => {
    expect(preStopSleep()).toEqual({ preStop: { sleep: { seconds: 5 } } });
  });
});

describe('spreadAcrossNodes', () => {
  it('when built, then replicas prefer distinct nodes without ever staying Pending', () => {
    expect(spreadAcrossNodes({ 'app.kubernetes.io/name': 'backend' })).toEqual([
      {
        maxSkew: 1,
        topologyKey: 'kubernetes.io/hostname',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'backend' } },
        matchLabelKeys: ['pod-template-hash'],
      },
    ]);
  });
});
