import { backendLabels, backendServiceArgs } from '../testing/component-args';
import type { WebServiceArgs } from './web-service';
import {
  autoscalerPlan,
  clusterUrl,
  deploymentPlan,
  envFromSources,
  literalEnv,
  podDisruptionBudgetPlan,
  servicePlan,
  webServiceLabels,
} from './web-service-plan';

const labels = backendLabels;
const args = backendServiceArgs;
const selector = { 'app.kubernetes.io/name': 'backend', 'app.kubernetes.io/instance': 'dev' };

describe('webServiceLabels', () => {
  it('when a version is given, then only the pod labels carry it, and the selector is name and instance', () => {
    const planned = webServiceLabels({
      labels: { ...labels, version: 'stale000000' } as WebServiceArgs['labels'],
      version: 'abc123def456',
    });
    expect(planned.labels['app.kubernetes.io/version']).toBeUndefined();
    expect(planned.podLabels['app.kubernetes.io/version']).toBe('abc123def456');
    expect(planned.selector).toEqual(selector);
  });
});

describe('literalEnv', () => {
  it.each([
    [undefined, []],
    [{}, []],
    [
      { PORT: '3000', HOSTNAME: '0.0.0.0' },
      [
        { name: 'PORT', value: '3000' },
        { name: 'HOSTNAME', value: '0.0.0.0' },
      ],
    ],
  ])('when the env is %j, then the container env is %j', (env, expected) => {
    expect(literalEnv(env)).toEqual(expected);
  });
});

describe('envFromSources', () => {
  it.each([
    [{}, undefined],
    [{ configMapName: 'backend-config' }, [{ configMapRef: { name: 'backend-config' } }]],
    [{ secretName: 'backend-secrets' }, [{ secretRef: { name: 'backend-secrets' } }]],
    [
      { configMapName: 'backend-config', secretName: 'backend-secrets' },
      [{ configMapRef: { name: 'backend-config' } }, { secretRef: { name: 'backend-secrets' } }],
    ],
  ])('when given %j, then envFrom is %j', (names, expected) => {
    expect(envFromSources(names)).toEqual(expected);
  });
});

describe('deploymentPlan', () => {
  it.each([
    [1, undefined, 1, false],
    [2, undefined, 2, true],
    [1, { maxReplicas: 4, targetCpuUtilization: 70 }, undefined, true],
  ] as const)(
    'when replicas is %d and autoscaling %j, then spec.replicas is %s and the pods spread across nodes: %s',
    (replicas, autoscaling, expectedReplicas, spread) => {
      const plan = deploymentPlan('backend', { ...args, replicas, autoscaling });
      const spec = plan.spec as { replicas?: number; template: { spec: { topologySpreadConstraints?: unknown[] } } };
      expect(spec.replicas).toBe(expectedReplicas);
      expect(spec.template.spec.topologySpreadConstraints !== undefined).toBe(spread);
    },
  );

  it('when no writable paths are given, then /tmp alone is mounted', () => {
    const pod = (
      deploymentPlan('backend', args).spec as { template: { spec: { containers: { volumeMounts: unknown }[]; volumes: unknown } } }
    ).template.spec;
    expect(pod.containers[0]?.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } }]);
  });
});

describe('servicePlan', () => {
  it.each([
    ['ClusterIP', undefined, undefined],
    ['NodePort', 'Local', 30080],
    ['LoadBalancer', 'Local', undefined],
  ] as const)('when the Service is a %s, then externalTrafficPolicy is %s and the node port %s', (type, policy, nodePort) => {
    const spec = servicePlan('frontend', { ...args, service: { type, port: 3000, nodePort: 30080 } }).spec as {
      externalTrafficPolicy?: string;
      ports: { nodePort?: number }[];
    };
    expect(spec.externalTrafficPolicy).toBe(policy);
    expect(spec.ports[0]?.nodePort).toBe(nodePort);
  });
});

describe('clusterUrl', () => {
  it('when the Service port is 8000, then the in-cluster URL is http://<name>:8000', () => {
    expect(clusterUrl('backend', { service: { type: 'ClusterIP', port: 8000 } })).toBe('http://backend:8000');
  });
});

describe('podDisruptionBudgetPlan', () => {
  it.each([
    [1, false],
    [2, true],
    [5, true],
  ])('when there are %d replicas, then a PDB is planned: %s', (replicas, planned) => {
    expect(podDisruptionBudgetPlan('backend', { ...args, replicas }) !== undefined).toBe(planned);
  });

  it('when planned, then it keeps one pod of the selector available', () => {
    expect(podDisruptionBudgetPlan('backend', args)?.spec).toEqual({ minAvailable: 1, selector: { matchLabels: selector } });
  });
});

describe('autoscalerPlan', () => {
  it('when autoscaling is off, then there is no HPA', () => {
    expect(autoscalerPlan('backend', args, 'backend')).toBeUndefined();
  });

  it('when autoscaling is on, then the HPA scales the named Deployment from replicas to maxReplicas on CPU', () => {
    const plan = autoscalerPlan('backend', { ...args, replicas: 3, autoscaling: { maxReplicas: 10, targetCpuUtilization: 70 } }, 'backend');
    expect(plan?.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'backend' },
      minReplicas: 3,
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    });
  });
});
