import * as k8s from '@pulumi/kubernetes';
import { inputsOf, recordResources, type Inputs } from '../testing/mocks';
import { backendLabels, backendServiceArgs } from '../testing/component-args';
import { WebService, type WebServiceArgs } from './web-service';

const labels = backendLabels;
const args: WebServiceArgs = {
  ...backendServiceArgs,
  env: { PORT: '8000' },
  configMapName: 'backend-config',
  secretName: 'backend-secrets',
  podAnnotations: { 'checksum/config': 'c1', 'checksum/secret': 's1' },
};
const fullLabels = {
  'app.kubernetes.io/name': 'backend',
  'app.kubernetes.io/instance': 'dev',
  'app.kubernetes.io/component': 'api',
  'app.kubernetes.io/part-of': 'todo',
  'app.kubernetes.io/managed-by': 'pulumi',
  app: 'backend',
  component: 'api',
  tier: 'backend',
  environment: 'dev',
};
/** Only the pods carry the image tag. */
const podLabels = { ...fullLabels, 'app.kubernetes.io/version': 'abc123def456' };
const selector = { 'app.kubernetes.io/name': 'backend', 'app.kubernetes.io/instance': 'dev' };

describe('WebService', () => {
  it('when built for the backend, then the Deployment has every setting of the design', async () => {
    const records = await recordResources(() => new WebService('backend', args));
    expect(inputsOf(records, 'backend-deployment')).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'backend', namespace: 'todo-app', labels: fullLabels, annotations: { 'pulumi.com/patchForce': 'true' } },
      spec: {
        replicas: 2,
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: podLabels, annotations: { 'checksum/config': 'c1', 'checksum/secret': 's1' } },
          spec: {
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            terminationGracePeriodSeconds: 30,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: 1001,
              runAsGroup: 1001,
              fsGroup: 1001,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            topologySpreadConstraints: [
              {
                maxSkew: 1,
                topologyKey: 'kubernetes.io/hostname',
                whenUnsatisfiable: 'ScheduleAnyway',
                labelSelector: { matchLabels: selector },
                matchLabelKeys: ['pod-template-hash'],
              },
            ],
            containers: [
              {
                name: 'backend',
                image: 'todo/backend:abc123def456',
                imagePullPolicy: 'Never',
                ports: [{ name: 'http', containerPort: 8000, protocol: 'TCP' }],
                env: [{ name: 'PORT', value: '8000' }],
                envFrom: [{ configMapRef: { name: 'backend-config' } }, { secretRef: { name: 'backend-secrets' } }],
                resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
                startupProbe: {
                  httpGet: { path: '/health/startup', port: 'http', scheme: 'HTTP' },
                  periodSeconds: 5,
                  timeoutSeconds: 3,
                  failureThreshold: 30,
                  successThreshold: 1,
                },
                livenessProbe: {
                  httpGet: { path: '/health/live', port: 'http', scheme: 'HTTP' },
                  periodSeconds: 10,
                  timeoutSeconds: 3,
                  failureThreshold: 3,
                  successThreshold: 1,
                },
                readinessProbe: {
                  httpGet: { path: '/health/ready', port: 'http', scheme: 'HTTP' },
                  periodSeconds: 5,
                  timeoutSeconds: 3,
                  failureThreshold: 3,
                  successThreshold: 1,
                },
                lifecycle: { preStop: { sleep: { seconds: 5 } } },
                securityContext: {
                  runAsNonRoot: true,
                  runAsUser: 1001,
                  runAsGroup: 1001,
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  privileged: false,
                  capabilities: { drop: ['ALL'] },
                  seccompProfile: { type: 'RuntimeDefault' },
                },
                volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
              },
            ],
            volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } }],
          },
        },
      },
    });
  });

  it('when built, then the Service targets the named http port with the same selector', async () => {
    const records = await recordResources(() => new WebService('backend', args));
    expect(inputsOf(records, 'backend-service')).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'backend', namespace: 'todo-app', labels: fullLabels },
      spec: {
        type: 'ClusterIP',
        selector,
        ports: [{ name: 'http', port: 8000, targetPort: 'http', protocol: 'TCP' }],
      },
    });
  });

  it('when the Service is a NodePort, then the node port is set', async () => {
    const records = await recordResources(
      () => new WebService('frontend', { ...args, service: { type: 'NodePort', port: 3000, nodePort: 30080 } }),
    );
    expect(inputsOf(records, 'frontend-service').spec.ports).toEqual([
      { name: 'http', port: 3000, targetPort: 'http', protocol: 'TCP', nodePort: 30080 },
    ]);
  });

  it.each([
    ['LoadBalancer', 'Local'],
    ['NodePort', 'Local'],
    ['ClusterIP', undefined],
  ] as const)(
    'when the Service is a %s, then externalTrafficPolicy is %s (client addresses survive into the pod)',
    async (type, expected) => {
      const records = await recordResources(() => new WebService('frontend', { ...args, service: { type, port: 3000 } }));
      expect(inputsOf(records, 'frontend-service').spec.externalTrafficPolicy).toBe(expected);
    },
  );

  it.each([
    ['LoadBalancer', undefined],
    ['ClusterIP', undefined],
    ['NodePort', 30080],
  ] as const)(
    'when the Service is a %s with a node port configured, then the node port is pinned only for NodePort',
    async (type, expected) => {
      const records = await recordResources(() => new WebService('frontend', { ...args, service: { type, port: 3000, nodePort: 30080 } }));
      expect(inputsOf(records, 'frontend-service').spec.ports[0].nodePort).toBe(expected);
    },
  );

  it('when there is 1 replica, then there is no topology spread; when pull secrets are given, the pod lists them', async () => {
    const single = await recordResources(
      () => new WebService('backend', { ...args, replicas: 1, imagePullSecrets: ['registry-pull-secret'] }),
    );
    const pod = inputsOf(single, 'backend-deployment').spec.template.spec;
    expect(pod.topologySpreadConstraints).toBeUndefined();
    expect(pod.imagePullSecrets).toEqual([{ name: 'registry-pull-secret' }]);
  });

  it('when there are 2 replicas, then a PodDisruptionBudget keeps 1 available', async () => {
    const records = await recordResources(() => new WebService('backend', args));
    expect(inputsOf(records, 'backend-pdb')).toEqual({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'backend', namespace: 'todo-app', labels: fullLabels },
      spec: { minAvailable: 1, selector: { matchLabels: selector } },
    });
  });

  it('when there is 1 replica, then there is no PodDisruptionBudget (it would block node drains)', async () => {
    const records = await recordResources(() => new WebService('backend', { ...args, replicas: 1 }));
    expect(records.map((r) => r.name).sort()).toEqual(['backend', 'backend-deployment', 'backend-service']);
  });

  it('when autoscaling is off, then there is no HorizontalPodAutoscaler', async () => {
    const records = await recordResources(() => new WebService('backend', args));
    expect(records.some((r) => r.type === 'kubernetes:autoscaling/v2:HorizontalPodAutoscaler')).toBe(false);
  });

  it('when autoscaling is on, then the HPA owns the replica count from replicas to maxReplicas on CPU', async () => {
    const records = await recordResources(
      () => new WebService('backend', { ...args, replicas: 3, autoscaling: { maxReplicas: 10, targetCpuUtilization: 70 } }),
    );
    expect(inputsOf(records, 'backend-deployment').spec.replicas).toBeUndefined();
    expect(inputsOf(records, 'backend-hpa').spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'backend' },
      minReplicas: 3,
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    });
  });

  it('when writable paths are given, then each is an emptyDir mount', async () => {
    const records = await recordResources(
      () => new WebService('frontend', { ...args, writablePaths: ['/tmp', '/app/apps/frontend/.next/cache'] }),
    );
    const pod = inputsOf(records, 'frontend-deployment').spec.template.spec;
    expect(pod.containers[0].volumeMounts).toEqual([
      { name: 'tmp', mountPath: '/tmp' },
      { name: 'app-apps-frontend-next-cache', mountPath: '/app/apps/frontend/.next/cache' },
    ]);
    expect(pod.volumes.map((v: { name: string }) => v.name)).toEqual(['tmp', 'app-apps-frontend-next-cache']);
  });

  it('when rolloutAfter names a resource, then the Deployment depends on it', async () => {
    const records = await recordResources(() => {
      const gate = new k8s.core.v1.ConfigMap('gate', { data: {} });
      new WebService('backend', { ...args, rolloutAfter: [gate] });
    });
    const gateUrn = records.find((r) => r.name === 'gate')?.urn;
    expect(records.find((r) => r.name === 'backend-deployment')?.dependsOn).toContain(gateUrn);
  });

  it('when a version is given, then only the pod template carries it: not the Deployment, Service, PDB or HPA', async () => {
    // A label set that holds a version (structurally allowed) must not leak it onto the other objects.
    const withVersion = { ...labels, version: 'stale000000' };
    const records = await recordResources(
      () => new WebService('backend', { ...args, labels: withVersion, autoscaling: { maxReplicas: 4, targetCpuUtilization: 70 } }),
    );
    const versions = records
      .filter((r) => r.type.startsWith('kubernetes:'))
      .map((r) => {
        const object = r.inputs as Inputs;
        return [
          r.name,
          object.metadata.labels['app.kubernetes.io/version'],
          object.spec.template?.metadata.labels['app.kubernetes.io/version'],
        ];
      });
    expect(versions).toEqual([
      ['backend-deployment', undefined, 'abc123def456'],
      ['backend-service', undefined, undefined],
      ['backend-pdb', undefined, undefined],
      ['backend-hpa', undefined, undefined],
    ]);
  });

  it('when built, then every child is parented to the component', async () => {
    const records = await recordResources(() => new WebService('backend', args));
    const component = records.find((r) => r.type === 'todo:infra:WebService');
    expect(records.filter((r) => r !== component).every((r) => r.parent === component?.urn)).toBe(true);
  });
});
