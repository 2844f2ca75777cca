import * as fs from 'node:fs';
import * as path from 'node:path';
import { placeholderSecret, renderProgram, stackFileConfig, type RenderResult } from './render/program';
import type { RenderedResource } from './render/record';
import type { Inputs } from './testing/mocks';
import { writeFixtureRepo } from './testing/fixture-repo';

const k8sObjects = (r: RenderResult) => r.resources.filter((x) => x.type.startsWith('kubernetes:'));
const byKindName = (r: RenderResult, kind: string, name: string): RenderedResource => {
  const found = k8sObjects(r).find((x) => x.inputs.kind === kind && (x.inputs.metadata as Inputs).name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
};
const inputs = (r: RenderResult, kind: string, name: string): Inputs => byKindName(r, kind, name).inputs;
const container = (r: RenderResult, kind: string, name: string): Inputs => inputs(r, kind, name).spec.template.spec.containers[0];
const urnOf = (r: RenderResult, pulumiName: string): string => {
  const found = r.resources.find((x) => x.name === pulumiName);
  if (!found) throw new Error(`no resource ${pulumiName}`);
  return found.urn;
};

jest.setTimeout(60_000);

/**
 * A small repository with both Dockerfiles, in a temp folder: tests that compare two renders use it,
 * so edits happening in the real work tree meanwhile cannot change the tags between the renders.
 */
function makeFixtureRepo(): string {
  return writeFixtureRepo('todo-stack-', {
    'package.json': '{}',
    'package-lock.json': '{}',
    '.dockerignore': '**/node_modules\n',
    'packages/contracts/src/index.ts': 'export {}',
    'apps/backend/Dockerfile':
      'FROM node:24\nCOPY package.json package-lock.json ./\nCOPY packages/contracts packages/contracts\nCOPY apps/backend apps/backend\n',
    'apps/backend/src/main.ts': 'backend',
    'apps/frontend/Dockerfile':
      'FROM node:24\nCOPY package.json package-lock.json ./\nCOPY packages/contracts packages/contracts\nCOPY apps/frontend apps/frontend\n',
    'apps/frontend/src/page.tsx': 'frontend v1',
  });
}

let dev: RenderResult;
let prod: RenderResult;
beforeAll(async () => {
  dev = await renderProgram('dev');
  console.log(`dev program evaluated under mocks in ${dev.durationMs.toFixed(0)} ms`);
  prod = await renderProgram('prod');
});

describe('the dev stack (Pulumi.dev.yaml)', () => {
  it('when rendered, then it creates exactly these Kubernetes objects', () => {
    const tag = dev.outputs.migrationJob as string;
    expect(
      k8sObjects(dev)
        .map((x) => `${x.inputs.kind as string}/${(x.inputs.metadata as { name: string }).name}`)
        .sort(),
    ).toEqual(
      [
        'ConfigMap/backend-config',
        'Deployment/backend',
        'Deployment/frontend',
        `Job/${tag}`,
        'Namespace/todo-app',
        'NetworkPolicy/backend-ingress',
        'NetworkPolicy/default-deny-ingress',
        'NetworkPolicy/frontend-ingress',
        'NetworkPolicy/postgres-ingress',
        'PersistentVolumeClaim/data-postgres-0',
        'PodDisruptionBudget/backend',
        'PodDisruptionBudget/frontend',
        'Secret/backend-secrets',
        'Secret/postgres-credentials',
        'Service/backend',
        'Service/frontend',
        'Service/postgres',
        'StatefulSet/postgres',
      ].sort(),
    );
  });

  it('when rendered, then every namespaced object is in todo-app and the Namespace enforces the restricted profile', () => {
    for (const object of k8sObjects(dev).filter((x) => x.inputs.kind !== 'Namespace')) {
      expect([object.name, (object.inputs.metadata as Inputs).namespace]).toEqual([object.name, 'todo-app']);
    }
    expect(inputs(dev, 'Namespace', 'todo-app').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it('when rendered, then the Kubernetes provider is bound to the minikube context', () => {
    const provider = dev.resources.find((x) => x.type === 'pulumi:providers:kubernetes');
    expect(provider?.inputs).toMatchObject({
      context: 'minikube',
      enableServerSideApply: 'true',
      enableConfigMapMutable: 'true',
      enableSecretMutable: 'true',
    });
  });

  it('when rendered, then every Kubernetes object is managed by that provider (never the ambient kubeconfig context)', () => {
    const provider = dev.resources.find((x) => x.type === 'pulumi:providers:kubernetes');
    const providers = new Set(k8sObjects(dev).map((x) => x.provider?.split('::').slice(0, -1).join('::')));
    expect([...providers]).toEqual([provider?.urn]);
  });

  it('when rendered, then both images are built into the local daemon with content tags and never pulled', () => {
    const backendImage = dev.outputs.backendImage as string;
    const frontendImage = dev.outputs.frontendImage as string;
    expect(backendImage).toMatch(/^todo\/backend:[0-9a-f]{12}$/);
    expect(frontendImage).toMatch(/^todo\/frontend:[0-9a-f]{12}$/);
    expect(container(dev, 'Deployment', 'backend')).toMatchObject({ image: backendImage, imagePullPolicy: 'Never' });
    expect(container(dev, 'Deployment', 'frontend')).toMatchObject({ image: frontendImage, imagePullPolicy: 'Never' });
    const images = dev.resources.filter((x) => x.type === 'docker:index/image:Image');
    expect(
      images.map((x) => [x.name, x.inputs.skipPush, (x.inputs.build as Inputs).dockerfile, (x.inputs.build as Inputs).context]),
    ).toEqual([
      ['backend-image', true, 'apps/backend/Dockerfile', '.'],
      ['frontend-image', true, 'apps/frontend/Dockerfile', '.'],
    ]);
  });

  it('when rendered twice from the same sources, then every resource has identical inputs (an empty diff)', async () => {
    const root = makeFixtureRepo();
    try {
      const first = await renderProgram('dev', { workDir: root });
      const again = await renderProgram('dev', { workDir: root });
      expect([again.outputs.backendImage, again.outputs.frontendImage]).toEqual([first.outputs.backendImage, first.outputs.frontendImage]);
      const byUrn = (r: RenderResult) => Object.fromEntries(r.resources.map((x) => [x.urn, x.inputs]));
      expect(byUrn(again)).toEqual(byUrn(first));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('when only a frontend file changes, then the frontend rolls and the backend, its Job and its config do not', async () => {
    const root = makeFixtureRepo();
    try {
      const before = await renderProgram('dev', { workDir: root });
      fs.writeFileSync(path.join(root, 'apps/frontend/src/page.tsx'), 'frontend v2');
      const after = await renderProgram('dev', { workDir: root });
      expect(after.outputs.frontendImage).not.toBe(before.outputs.frontendImage);
      expect(inputs(after, 'Deployment', 'frontend').spec.template).not.toEqual(inputs(before, 'Deployment', 'frontend').spec.template);
      expect(after.outputs.backendImage).toBe(before.outputs.backendImage);
      expect(inputs(after, 'Deployment', 'backend')).toEqual(inputs(before, 'Deployment', 'backend'));
      expect(after.outputs.migrationJob).toBe(before.outputs.migrationJob);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('when rendered, then the frontend is a NodePort 30080 → 3000 and reaches the backend through cluster DNS', () => {
    expect(inputs(dev, 'Service', 'frontend').spec).toEqual({
      type: 'NodePort',
      externalTrafficPolicy: 'Local',
      selector: { 'app.kubernetes.io/name': 'frontend', 'app.kubernetes.io/instance': 'dev' },
      ports: [{ name: 'http', port: 3000, targetPort: 'http', protocol: 'TCP', nodePort: 30080 }],
    });
    const frontend = container(dev, 'Deployment', 'frontend');
    expect(frontend.ports).toEqual([{ name: 'http', containerPort: 3000, protocol: 'TCP' }]);
    expect(frontend.env).toEqual([
      { name: 'PORT', value: '3000' },
      { name: 'HOSTNAME', value: '0.0.0.0' },
      { name: 'BACKEND_URL', value: 'http://backend:8000' },
    ]);
    expect(frontend.envFrom).toBeUndefined();
    expect(frontend.startupProbe.httpGet.path).toBe('/api/health');
    expect(frontend.livenessProbe.httpGet.path).toBe('/api/health');
    expect(frontend.readinessProbe.httpGet.path).toBe('/api/health');
    expect(frontend.volumeMounts).toEqual([
      { name: 'tmp', mountPath: '/tmp' },
      { name: 'app-apps-frontend-next-cache', mountPath: '/app/apps/frontend/.next/cache' },
    ]);
  });

  it('when rendered, then the backend is ClusterIP 8000 → http and reads env from the ConfigMap and the Secret', () => {
    expect(inputs(dev, 'Service', 'backend').spec).toEqual({
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': 'backend', 'app.kubernetes.io/instance': 'dev' },
      ports: [{ name: 'http', port: 8000, targetPort: 'http', protocol: 'TCP' }],
    });
    const backend = container(dev, 'Deployment', 'backend');
    expect(backend.ports).toEqual([{ name: 'http', containerPort: 8000, protocol: 'TCP' }]);
    expect(backend.env).toEqual([{ name: 'PORT', value: '8000' }]);
    expect(backend.envFrom).toEqual([{ configMapRef: { name: 'backend-config' } }, { secretRef: { name: 'backend-secrets' } }]);
  });

  it('when rendered, then the ConfigMap holds exactly the non-secret settings of the design', () => {
    expect(inputs(dev, 'ConfigMap', 'backend-config').data).toEqual({
      LLM_PROVIDER: 'disabled',
      GROQ_MODEL: 'llama-3.3-70b-versatile',
      ASSISTANT_NAME: 'Todo Assistant',
      ASSISTANT_INSTRUCTIONS: 'You help the user manage their todo list. Use the tools to read and change tasks; keep answers short.',
      MAX_TOKENS: '1024',
      TEMPERATURE: '0.3',
      FRONTEND_URL: 'http://localhost:30080',
      LOG_LEVEL: 'debug',
    });
  });

  it("when rendered, then the backend Secret is Opaque, marked secret, and holds the database URL and the JWT secret from the stack's encrypted config", () => {
    const secret = byKindName(dev, 'Secret', 'backend-secrets');
    expect(secret.secretPaths).toEqual(['stringData']);
    expect((secret.inputs as Inputs).type).toBe('Opaque');
    expect((secret.inputs as Inputs).stringData).toEqual({
      DATABASE_URL: `postgresql://todo:${placeholderSecret('postgresPassword')}@postgres:5432/todo`,
      JWT_SECRET: placeholderSecret('jwtSecret'),
    });
    expect(inputs(dev, 'Secret', 'postgres-credentials').stringData).toEqual({ POSTGRES_PASSWORD: placeholderSecret('postgresPassword') });
  });

  it('when rendered, then nothing generates a secret: no @pulumi/random resource', () => {
    expect(dev.resources.filter((x) => x.type.startsWith('random:'))).toEqual([]);
  });

  it.each([
    [
      'jwtSecret',
      `todo:jwtSecret is required (the backend signs its session tokens with it); npm run deploy generates it on a dev stack's first deploy; or: pulumi config set --secret jwtSecret "$(openssl rand -hex 32)"`,
    ],
    [
      'postgresPassword',
      `todo:postgresPassword is required for the in-cluster PostgreSQL (no databaseUrl is set); npm run deploy generates it on a dev stack's first deploy; or: pulumi config set --secret postgresPassword "$(openssl rand -hex 32)"`,
    ],
  ])('when the dev stack lacks %s, then the program stops with the key and the fix before declaring anything', async (key, expected) => {
    const config = stackFileConfig('dev');
    delete config[`todo:${key}`];
    await expect(renderProgram(config)).rejects.toThrow(expected);
  });

  it('when rendered, then the pod template carries the ConfigMap and Secret checksums', () => {
    const annotations = inputs(dev, 'Deployment', 'backend').spec.template.metadata.annotations;
    expect(Object.keys(annotations)).toEqual(['checksum/config', 'checksum/secret']);
    expect(annotations['checksum/config']).toMatch(/^[0-9a-f]{64}$/);
    expect(annotations['checksum/secret']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('when a ConfigMap setting changes, then the backend pod template changes and the frontend one does not', async () => {
    const root = makeFixtureRepo();
    try {
      const config = stackFileConfig('dev');
      const before = await renderProgram(config, { workDir: root });
      const changed = await renderProgram({ ...config, 'todo:logLevel': 'warn' }, { workDir: root });
      const annotations = (r: RenderResult) => inputs(r, 'Deployment', 'backend').spec.template.metadata.annotations;
      expect(annotations(changed)['checksum/config']).not.toBe(annotations(before)['checksum/config']);
      expect(annotations(changed)['checksum/secret']).toBe(annotations(before)['checksum/secret']);
      expect(inputs(changed, 'Deployment', 'frontend').spec.template).toEqual(inputs(before, 'Deployment', 'frontend').spec.template);
      // Same ConfigMap object updated in place (mutable on the provider), same Job: no new migration.
      expect(inputs(changed, 'ConfigMap', 'backend-config').data.LOG_LEVEL).toBe('warn');
      const job = (r: RenderResult) => r.resources.find((x) => x.type === 'kubernetes:batch/v1:Job');
      expect(job(changed)?.inputs).toEqual(job(before)?.inputs);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('when a secret changes, then the backend pod template rolls and the migration Job stays the same', async () => {
    const root = makeFixtureRepo();
    try {
      const config = stackFileConfig('dev');
      const before = await renderProgram({ ...config, 'todo:jwtSecret': 'a'.repeat(40) }, { workDir: root });
      const changed = await renderProgram({ ...config, 'todo:jwtSecret': 'b'.repeat(40) }, { workDir: root });
      const annotations = (r: RenderResult) => inputs(r, 'Deployment', 'backend').spec.template.metadata.annotations;
      expect(annotations(changed)['checksum/secret']).not.toBe(annotations(before)['checksum/secret']);
      const job = (r: RenderResult) => r.resources.find((x) => x.type === 'kubernetes:batch/v1:Job');
      expect(job(changed)?.inputs).toEqual(job(before)?.inputs);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('when rendered, then the order is image → migration Job → backend Deployment, and postgres → migration', () => {
    const job = dev.resources.find((x) => x.type === 'kubernetes:batch/v1:Job');
    const backend = dev.resources.find((x) => x.name === 'backend-deployment');
    const frontend = dev.resources.find((x) => x.name === 'frontend-deployment');
    expect(job?.dependsOn).toEqual(expect.arrayContaining([urnOf(dev, 'backend-image'), urnOf(dev, 'postgres-statefulset')]));
    expect(backend?.dependsOn).toEqual(expect.arrayContaining([urnOf(dev, 'backend-image'), job?.urn]));
    expect(frontend?.dependsOn).toEqual(expect.arrayContaining([urnOf(dev, 'frontend-image')]));
    expect(frontend?.dependsOn).not.toContain(job?.urn);
  });

  it('when rendered, then the migration Job runs the backend image migration entry (node dist/migrate.js), named after its tag', () => {
    const tag = (dev.outputs.backendImage as string).split(':')[1];
    expect(dev.outputs.migrationJob).toBe(`backend-migrate-${tag}`);
    const job = container(dev, 'Job', `backend-migrate-${tag}`);
    expect(job.image).toBe(dev.outputs.backendImage);
    expect(job.command).toEqual(['node', 'dist/migrate.js']);
    expect(job.env).toEqual([{ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'backend-secrets', key: 'DATABASE_URL' } } }]);
  });

  it("when rendered, then every workload has the design's hardening and rollout settings", () => {
    for (const [kind, name] of [
      ['Deployment', 'backend'],
      ['Deployment', 'frontend'],
    ] as const) {
      const spec = inputs(dev, kind, name).spec;
      expect([name, spec.strategy, spec.revisionHistoryLimit, spec.replicas]).toEqual([
        name,
        { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
        10,
        2,
      ]);
      const pod = spec.template.spec;
      expect([name, pod.terminationGracePeriodSeconds, pod.automountServiceAccountToken, pod.securityContext]).toEqual([
        name,
        30,
        false,
        { runAsNonRoot: true, runAsUser: 1001, runAsGroup: 1001, fsGroup: 1001, seccompProfile: { type: 'RuntimeDefault' } },
      ]);
      expect(pod.containers[0].lifecycle).toEqual({ preStop: { sleep: { seconds: 5 } } });
      const labels = spec.template.metadata.labels;
      expect(Object.keys(labels).sort()).toEqual(
        [
          'app',
          'app.kubernetes.io/component',
          'app.kubernetes.io/instance',
          'app.kubernetes.io/managed-by',
          'app.kubernetes.io/name',
          'app.kubernetes.io/part-of',
          'app.kubernetes.io/version',
          'component',
          'environment',
          'tier',
        ].sort(),
      );
    }
  });

  it('when rendered, then no secret value appears anywhere outside a secret-marked property', () => {
    const secretValues = new Set<string>();
    const collect = (v: unknown): void => {
      if (typeof v === 'string' && v.length >= 8) secretValues.add(v);
      else if (Array.isArray(v)) v.forEach(collect);
      else if (typeof v === 'object' && v !== null) Object.values(v).forEach(collect);
    };
    for (const r of dev.resources) {
      for (const p of r.secretPaths) collect((r.inputs as Inputs)[p.split(/[.[]/)[0] as string]);
    }
    expect(secretValues.size).toBeGreaterThan(2);
    for (const r of dev.resources) {
      const visible = Object.fromEntries(Object.entries(r.inputs).filter(([k]) => !r.secretPaths.some((p) => p.split(/[.[]/)[0] === k)));
      const text = JSON.stringify(visible);
      for (const value of secretValues) expect([r.name, text.includes(value)]).toEqual([r.name, false]);
    }
  });

  it('when rendered, then the outputs give the URL, namespace, images and the watch commands', () => {
    const tag = dev.outputs.migrationJob as string;
    expect(dev.outputs).toMatchObject({
      namespace: 'todo-app',
      frontendUrl: 'http://localhost:30080',
      frontendUrlCommand: 'minikube service frontend -n todo-app --url',
      watchCommands: [
        'kubectl --context minikube -n todo-app get pods -w',
        `kubectl --context minikube -n todo-app logs -f job/${tag}`,
        'kubectl --context minikube -n todo-app rollout status deployment/backend',
        'kubectl --context minikube -n todo-app rollout status deployment/frontend',
      ],
    });
  });
});

describe('images and pulling (dev)', () => {
  it("when rendered, then the frontend image builds after the backend image (one build at a time) for the daemon's own platform", () => {
    const frontendImage = dev.resources.find((x) => x.name === 'frontend-image');
    expect(frontendImage?.dependsOn).toContain(urnOf(dev, 'backend-image'));
    const platforms = dev.resources.filter((x) => x.type === 'docker:index/image:Image').map((x) => (x.inputs.build as Inputs).platform);
    expect(platforms).toEqual([undefined, undefined]);
  });

  it('when rendered, then nothing pulls from a registry: no pull secret, no imagePullSecrets', () => {
    expect(k8sObjects(dev).filter((x) => x.inputs.type === 'kubernetes.io/dockerconfigjson')).toEqual([]);
    for (const [kind, name] of [
      ['Deployment', 'backend'],
      ['Deployment', 'frontend'],
      ['Job', dev.outputs.migrationJob as string],
    ] as const) {
      expect([name, inputs(dev, kind, name).spec.template.spec.imagePullSecrets]).toEqual([name, undefined]);
    }
  });
});

describe('the prod stack (Pulumi.prod.yaml)', () => {
  it('when rendered, then a dockerconfigjson Secret from the registry settings is referenced by every pod that pulls', () => {
    const secret = byKindName(prod, 'Secret', 'registry-pull-secret');
    expect((secret.inputs as Inputs).type).toBe('kubernetes.io/dockerconfigjson');
    expect(Object.keys(JSON.parse((secret.inputs as Inputs).stringData['.dockerconfigjson']).auths)).toEqual(['ghcr.io']);
    expect(secret.secretPaths).toEqual(['stringData']);
    for (const [kind, name] of [
      ['Deployment', 'backend'],
      ['Deployment', 'frontend'],
      ['Job', prod.outputs.migrationJob as string],
    ] as const) {
      expect([name, inputs(prod, kind, name).spec.template.spec.imagePullSecrets]).toEqual([name, [{ name: 'registry-pull-secret' }]]);
    }
  });

  it('when rendered, then both images are built for linux/amd64 (the default of a registry stack)', () => {
    const platforms = prod.resources.filter((x) => x.type === 'docker:index/image:Image').map((x) => (x.inputs.build as Inputs).platform);
    expect(platforms).toEqual(['linux/amd64', 'linux/amd64']);
  });

  it('when rendered, then replicas prefer distinct nodes and the frontend Service pins no node port', () => {
    for (const name of ['backend', 'frontend']) {
      expect(inputs(prod, 'Deployment', name).spec.template.spec.topologySpreadConstraints).toEqual([
        {
          maxSkew: 1,
          topologyKey: 'kubernetes.io/hostname',
          whenUnsatisfiable: 'ScheduleAnyway',
          labelSelector: { matchLabels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': 'prod' } },
          matchLabelKeys: ['pod-template-hash'],
        },
      ]);
    }
    expect(inputs(prod, 'Service', 'frontend').spec.ports).toEqual([{ name: 'http', port: 3000, targetPort: 'http', protocol: 'TCP' }]);
  });

  it('when rendered, then there is no in-cluster database and both apps have an HPA', () => {
    const kinds = k8sObjects(prod).map((x) => `${x.inputs.kind as string}/${(x.inputs.metadata as { name: string }).name}`);
    expect(kinds.filter((k) => k.includes('postgres'))).toEqual([]);
    expect(kinds.filter((k) => k.startsWith('HorizontalPodAutoscaler')).sort()).toEqual([
      'HorizontalPodAutoscaler/backend',
      'HorizontalPodAutoscaler/frontend',
    ]);
    expect(inputs(prod, 'HorizontalPodAutoscaler', 'backend').spec).toMatchObject({ minReplicas: 3, maxReplicas: 10 });
    expect(inputs(prod, 'Deployment', 'backend').spec.replicas).toBeUndefined();
  });

  it('when rendered, then images are pushed to the registry and pulled IfNotPresent', () => {
    expect(prod.outputs.backendImage).toMatch(/^ghcr\.io\/example-org\/todo\/backend:[0-9a-f]{12}$/);
    expect(container(prod, 'Deployment', 'backend')).toMatchObject({ image: prod.outputs.backendImage, imagePullPolicy: 'IfNotPresent' });
    const image = prod.resources.find((x) => x.name === 'backend-image');
    expect(image?.inputs).toMatchObject({ skipPush: false, registry: { server: 'ghcr.io/example-org', username: 'example-bot' } });
    expect(image?.secretPaths).toEqual(['registry']);
  });

  it('when rendered, then the Secret takes the external database URL and the Groq key from secret config', () => {
    const secret = byKindName(prod, 'Secret', 'backend-secrets');
    expect(secret.secretPaths).toEqual(['stringData']);
    expect(Object.keys((secret.inputs as Inputs).stringData).sort()).toEqual(['DATABASE_URL', 'GROQ_API_KEY', 'JWT_SECRET']);
    expect(inputs(prod, 'ConfigMap', 'backend-config').data.LLM_PROVIDER).toBe('groq');
  });

  it('when rendered, then the migration does not wait for an in-cluster database and the resources follow the prod values', () => {
    const job = prod.resources.find((x) => x.type === 'kubernetes:batch/v1:Job');
    expect(job?.dependsOn).toContain(urnOf(prod, 'backend-image'));
    expect(container(prod, 'Deployment', 'backend').resources).toEqual({
      requests: { cpu: '200m', memory: '256Mi' },
      limits: { cpu: '1', memory: '1Gi' },
    });
    // Behind the Ingress (infra/stack.ingress.test.ts): ClusterIP, never a second way in.
    expect(inputs(prod, 'Service', 'frontend').spec.type).toBe('ClusterIP');
  });
});
