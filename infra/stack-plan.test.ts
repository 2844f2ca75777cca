import * as pulumi from '@pulumi/pulumi';
import type { StackConfig } from './stack-config';
import {
  appImagePlan,
  backendServicePlan,
  backendSettings,
  databasePlan,
  FRONTEND_CACHE_DIR,
  frontendEnv,
  frontendServicePlan,
  frontendUrlCommand,
  imageBuildArgs,
  migrationLabels,
  namespacePlan,
  networkPoliciesPlan,
  stackBase,
  watchCommands,
} from './stack-plan';

const resources = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } };
/** A dev-like stack config: Minikube, NodePort, in-cluster database, no registry, no Ingress. */
function devConfig(overrides: Partial<StackConfig> = {}): StackConfig {
  return {
    stack: 'dev',
    environment: 'dev',
    kubeContext: 'minikube',
    namespace: 'todo-app',
    logLevel: 'info',
    frontendUrl: 'http://localhost:30080',
    backend: { replicas: 2, resources },
    frontend: { replicas: 2, resources, serviceType: 'NodePort', nodePort: 30080 },
    llm: { provider: 'disabled', model: 'm', maxTokens: 512, temperature: 0.3 },
    assistant: { name: 'Ada', instructions: 'Be brief.' },
    images: {},
    postgres: { image: 'postgres:17', storageSize: '1Gi' },
    protectDatabase: false,
    secrets: { jwtSecret: pulumi.output('j') },
    ...overrides,
  };
}
const ingress = { className: 'nginx', host: 'todo.example.com', controllerNamespace: { 'kubernetes.io/metadata.name': 'ingress-nginx' } };

describe('stackBase and migrationLabels', () => {
  it('when the stack is dev, then every object is labelled instance dev, and the migration carries the backend tag', () => {
    const base = stackBase(devConfig({ environment: 'staging' }));
    expect(base).toEqual({ instance: 'dev', environment: 'staging' });
    expect(migrationLabels(base, 'abc123def456')).toEqual({
      instance: 'dev',
      environment: 'staging',
      app: 'backend-migrate',
      component: 'migration',
      tier: 'backend',
      version: 'abc123def456',
    });
  });
});

describe('namespacePlan and databasePlan', () => {
  it.each([
    [false, false],
    [true, true],
  ])('when protectDatabase is %s, then the namespace and the database are retained on destroy: %s', (protectDatabase, retained) => {
    const cfg = devConfig({ protectDatabase });
    expect(namespacePlan(cfg)).toEqual({ name: 'todo-app', instance: 'dev', environment: 'dev', retainOnDelete: retained });
    expect(databasePlan(cfg, 'todo-app').retainOnDelete).toBe(retained);
  });

  it('when the stack sets a storage size and class, then the database gets both', () => {
    const cfg = devConfig({ postgres: { image: 'postgres:17', storageSize: '5Gi', storageClass: 'fast' } });
    expect([databasePlan(cfg, 'todo-app').storageSize, databasePlan(cfg, 'todo-app').storageClass]).toEqual(['5Gi', 'fast']);
  });
});

describe('imageBuildArgs and appImagePlan', () => {
  it.each([
    [{}, {}],
    [{ nodeImage: 'node:24-slim' }, { NODE_IMAGE: 'node:24-slim' }],
  ])('when the images settings are %j, then the build args are %j', (images, expected) => {
    expect(imageBuildArgs(images, '/repo').buildArgs).toEqual(expected);
  });

  it.each([
    ['backend', {}, { repository: 'todo/backend', dockerfile: 'apps/backend/Dockerfile', reference: undefined, builtByDeploy: false }],
    [
      'frontend',
      { references: { backend: 'r/b:1', frontend: 'r/f:1' } },
      { repository: 'todo/frontend', dockerfile: 'apps/frontend/Dockerfile', reference: 'r/f:1', builtByDeploy: false },
    ],
    [
      'backend',
      { delivery: 'image-load' },
      { repository: 'todo/backend', dockerfile: 'apps/backend/Dockerfile', reference: undefined, builtByDeploy: true },
    ],
  ] as const)('when the %s image is planned with %j, then it is %j', (app, images, expected) => {
    expect(appImagePlan(app, images)).toEqual(expected);
  });
});

describe('backendSettings', () => {
  it('when planned, then the ConfigMap holds the backend settings by their env names, numbers as strings', () => {
    expect(backendSettings(devConfig())).toEqual({
      LLM_PROVIDER: 'disabled',
      GROQ_MODEL: 'm',
      ASSISTANT_NAME: 'Ada',
      ASSISTANT_INSTRUCTIONS: 'Be brief.',
      MAX_TOKENS: '512',
      TEMPERATURE: '0.3',
      FRONTEND_URL: 'http://localhost:30080',
      LOG_LEVEL: 'info',
    });
  });
});

describe('the services', () => {
  it('when planned, then the backend is a ClusterIP Service on 8000 with PORT set', () => {
    const plan = backendServicePlan(devConfig());
    expect([plan.containerPort, plan.env, plan.service]).toEqual([8000, { PORT: '8000' }, { type: 'ClusterIP', port: 8000 }]);
  });

  it.each([
    [undefined, { PORT: '3000', HOSTNAME: '0.0.0.0', BACKEND_URL: 'http://backend:8000' }],
    [ingress, { PORT: '3000', HOSTNAME: '0.0.0.0', BACKEND_URL: 'http://backend:8000', TRUSTED_PROXY_HOPS: '1' }],
  ])('when the Ingress is %j, then the frontend env is %j', (planned, expected) => {
    expect(frontendEnv({ ingress: planned }, 'http://backend:8000')).toEqual(expected);
  });

  it('when planned, then the frontend Service follows the config and the Next cache is writable', () => {
    const plan = frontendServicePlan(devConfig(), 'http://backend:8000');
    expect([plan.service, plan.writablePaths]).toEqual([{ type: 'NodePort', port: 3000, nodePort: 30080 }, ['/tmp', FRONTEND_CACHE_DIR]]);
  });
});

describe('networkPoliciesPlan', () => {
  it.each([
    [true, 'postgres'],
    [false, undefined],
  ])('when the database is in the cluster: %s, then the postgres app is %s', (inCluster, postgres) => {
    expect(networkPoliciesPlan(devConfig(), 'todo-app', inCluster).apps).toEqual({
      frontend: 'frontend',
      backend: 'backend',
      migration: 'backend-migrate',
      postgres,
    });
  });
});

describe('frontendUrlCommand', () => {
  it.each([
    [{}, 'minikube service frontend -n todo-app --url'],
    [{ kubeContext: 'kind' }, 'kubectl --context kind -n todo-app get service frontend -o wide'],
    [
      { frontend: { replicas: 2, resources, serviceType: 'LoadBalancer' as const, nodePort: 30080 } },
      'kubectl --context minikube -n todo-app get service frontend -o wide',
    ],
    [{ ingress }, 'kubectl --context minikube -n todo-app get ingress frontend'],
  ])('when the config differs by %j, then the command is %s', (overrides, expected) => {
    expect(frontendUrlCommand(devConfig(overrides))).toBe(expected);
  });
});

describe('watchCommands', () => {
  it('when the migration Job is named, then the commands follow the pods, its log and both rollouts', () => {
    expect(watchCommands(devConfig(), 'backend-migrate-abc')).toEqual([
      'kubectl --context minikube -n todo-app get pods -w',
      'kubectl --context minikube -n todo-app logs -f job/backend-migrate-abc',
      'kubectl --context minikube -n todo-app rollout status deployment/backend',
      'kubectl --context minikube -n todo-app rollout status deployment/frontend',
    ]);
  });
});
