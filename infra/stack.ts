import * as docker from '@pulumi/docker';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import * as path from 'node:path';
import { AppImage } from './components/appImage';
import { AppIngress } from './components/appIngress';
import { BackendConfig } from './components/backendConfig';
import { Database } from './components/database';
import { Migration } from './components/migration';
import { Namespace } from './components/namespace';
import { NetworkPolicies } from './components/networkPolicies';
import { PullSecret } from './components/pullSecret';
import { WebService } from './components/webService';
import type { StackConfig } from './config';
import { INGRESS_PROXY_HOPS } from './ingressConfig';
import { BACKEND_PORT, FRONTEND_PORT } from './ports';
import { BACKEND_HEALTH, FRONTEND_HEALTH } from './probes';

/** The repository root: the Docker build context and where the Pulumi CLI runs the program. */
export const REPO_ROOT = path.resolve(__dirname, '..');

export { BACKEND_PORT, FRONTEND_PORT } from './ports';
/** Next.js writes its image/fetch cache here; the only path the frontend needs writable besides /tmp. */
export const FRONTEND_CACHE_DIR = '/app/apps/frontend/.next/cache';

export interface StackOutputs {
  namespace: pulumi.Output<string>;
  frontendUrl: string;
  /** Prints the URL that reaches the NodePort from this machine (Minikube with any driver), or shows the Ingress and its address. */
  frontendUrlCommand: string;
  backendImage: string;
  frontendImage: string;
  migrationJob: string;
  watchCommands: string[];
}

/** Builds every resource of the stack from the validated config. `index.ts` is only this call. */
export function createStack(cfg: StackConfig, workDir: string = REPO_ROOT): StackOutputs {
  const kubernetes = new k8s.Provider('k8s', {
    context: cfg.kubeContext,
    enableServerSideApply: true,
    // Update the backend's ConfigMap and Secret in place instead of deleting and re-creating them
    // (the provider's default treats their data as immutable: node_modules/@pulumi/kubernetes/
    // provider.d.ts). The checksum annotations already roll the pods that read them, and the names
    // stay put, so the migration Job (which names the Secret) is not touched and does not re-run.
    enableConfigMapMutable: true,
    enableSecretMutable: true,
  });
  // No host set: the provider uses DOCKER_HOST/DOCKER_CERT_PATH/DOCKER_TLS_VERIFY, which
  // `npm run deploy` takes from `minikube docker-env` so the images land in Minikube's daemon.
  // Declared only when building: a registered docker provider makes the engine load the docker
  // plugin, which a stack deploying given image references (CI's machines) cannot have.
  const references = cfg.images.references;
  const dockerOpts = references ? {} : { providers: [new docker.Provider('docker', {})] };
  const k8sOpts = { providers: [kubernetes] };
  const base = { instance: cfg.stack, environment: cfg.environment };

  const namespace = new Namespace('todo', { name: cfg.namespace, ...base }, k8sOpts);
  const ns = namespace.name;

  const buildArgs: Record<string, string> = cfg.images.nodeImage ? { NODE_IMAGE: cfg.images.nodeImage } : {};
  const imageArgs = { buildArgs, registry: cfg.images.registry, platform: cfg.images.platform, network: cfg.images.buildNetwork, workDir };
  const backendImage = new AppImage(
    'backend',
    { ...imageArgs, repository: 'todo/backend', dockerfile: 'apps/backend/Dockerfile', reference: references?.backend },
    dockerOpts,
  );
  // One build at a time: two BuildKit builds at once (npm ci + next build) do not fit in the
  // documented 2-CPU / 4 GB Minikube next to the cluster itself (peaks: README, "Images").
  const frontendImage = new AppImage(
    'frontend',
    {
      ...imageArgs,
      repository: 'todo/frontend',
      dockerfile: 'apps/frontend/Dockerfile',
      reference: references?.frontend,
      buildAfter: [backendImage],
    },
    dockerOpts,
  );

  const database = new Database(
    'postgres',
    {
      ...base,
      namespace: ns,
      externalUrl: cfg.secrets.databaseUrl,
      password: cfg.secrets.postgresPassword,
      image: cfg.postgres?.image,
      storageSize: cfg.postgres?.storageSize,
      storageClass: cfg.postgres?.storageClass,
    },
    k8sOpts,
  );

  // A registry stack pulls its images with the credentials it pushes with.
  const pullSecret = cfg.images.registry
    ? new PullSecret('registry', { namespace: ns, ...base, ...cfg.images.registry }, k8sOpts)
    : undefined;
  const imagePullSecrets = pullSecret ? [pullSecret.secretName] : undefined;

  // The image tag labels only what runs the image (the pods, the per-tag migration Job): on every
  // other object a new tag would plan an update that changes nothing (WebService `version`).
  const backendLabels = { ...base, app: 'backend', component: 'api', tier: 'backend' };
  const backendConfig = new BackendConfig(
    'backend',
    {
      namespace: ns,
      labels: backendLabels,
      settings: {
        LLM_PROVIDER: cfg.llm.provider,
        GROQ_MODEL: cfg.llm.model,
        ASSISTANT_NAME: cfg.assistant.name,
        ASSISTANT_INSTRUCTIONS: cfg.assistant.instructions,
        MAX_TOKENS: String(cfg.llm.maxTokens),
        TEMPERATURE: String(cfg.llm.temperature),
        FRONTEND_URL: cfg.frontendUrl,
        LOG_LEVEL: cfg.logLevel,
      },
      secrets: { DATABASE_URL: database.url, JWT_SECRET: cfg.secrets.jwtSecret, GROQ_API_KEY: cfg.secrets.groqApiKey },
    },
    k8sOpts,
  );

  const migration = new Migration(
    'backend-migrate',
    {
      namespace: ns,
      labels: { ...base, app: 'backend-migrate', component: 'migration', tier: 'backend', version: backendImage.tag },
      image: backendImage.imageRef,
      imageTag: backendImage.tag,
      imagePullPolicy: backendImage.imagePullPolicy,
      imagePullSecrets,
      secretName: backendConfig.secretName,
      runAfter: database.inCluster ? [backendImage, database] : [backendImage],
    },
    k8sOpts,
  );

  const backend = new WebService(
    'backend',
    {
      namespace: ns,
      labels: backendLabels,
      version: backendImage.tag,
      image: backendImage.imageRef,
      imagePullPolicy: backendImage.imagePullPolicy,
      imagePullSecrets,
      containerPort: BACKEND_PORT,
      health: BACKEND_HEALTH,
      replicas: cfg.backend.replicas,
      resources: cfg.backend.resources,
      env: { PORT: String(BACKEND_PORT) },
      configMapName: backendConfig.configMapName,
      secretName: backendConfig.secretName,
      podAnnotations: backendConfig.checksums,
      service: { type: 'ClusterIP', port: BACKEND_PORT },
      autoscaling: cfg.autoscaling,
      rolloutAfter: [backendImage, migration],
    },
    k8sOpts,
  );

  const frontendLabels = { ...base, app: 'frontend', component: 'web', tier: 'frontend' };
  const frontend = new WebService(
    'frontend',
    {
      namespace: ns,
      labels: frontendLabels,
      version: frontendImage.tag,
      image: frontendImage.imageRef,
      imagePullPolicy: frontendImage.imagePullPolicy,
      imagePullSecrets,
      containerPort: FRONTEND_PORT,
      health: FRONTEND_HEALTH,
      replicas: cfg.frontend.replicas,
      resources: cfg.frontend.resources,
      // HOSTNAME: Next's standalone server binds to it; the runtime sets it to the pod name otherwise.
      env: {
        PORT: String(FRONTEND_PORT),
        HOSTNAME: '0.0.0.0',
        BACKEND_URL: backend.clusterUrl,
        ...(cfg.ingress ? { TRUSTED_PROXY_HOPS: String(INGRESS_PROXY_HOPS) } : {}),
      },
      service: { type: cfg.frontend.serviceType, port: FRONTEND_PORT, nodePort: cfg.frontend.nodePort },
      autoscaling: cfg.autoscaling,
      writablePaths: ['/tmp', FRONTEND_CACHE_DIR],
      rolloutAfter: [frontendImage],
    },
    k8sOpts,
  );

  // With an Ingress the frontend Service is ClusterIP (config.ts) and the Ingress is its only way in.
  if (cfg.ingress) {
    new AppIngress(
      'frontend',
      {
        namespace: ns,
        labels: frontendLabels,
        host: cfg.ingress.host,
        className: cfg.ingress.className,
        service: { name: frontend.service.metadata.name, portName: 'http' },
        tls: cfg.ingress.tls,
      },
      k8sOpts,
    );
  }

  new NetworkPolicies(
    'default',
    {
      ...base,
      namespace: ns,
      frontendPort: FRONTEND_PORT,
      backendPort: BACKEND_PORT,
      apps: { frontend: 'frontend', backend: 'backend', migration: 'backend-migrate', postgres: database.inCluster ? 'postgres' : undefined },
      ingressControllerNamespace: cfg.ingress?.controllerNamespace,
    },
    k8sOpts,
  );

  const kubectl = `kubectl --context ${cfg.kubeContext} -n ${cfg.namespace}`;
  return {
    namespace: ns,
    frontendUrl: cfg.frontendUrl,
    frontendUrlCommand: cfg.ingress
      ? `${kubectl} get ingress frontend`
      : cfg.frontend.serviceType === 'NodePort' && cfg.kubeContext === 'minikube'
        ? `minikube service frontend -n ${cfg.namespace} --url`
        : `${kubectl} get service frontend -o wide`,
    backendImage: backendImage.imageRef,
    frontendImage: frontendImage.imageRef,
    migrationJob: migration.jobName,
    watchCommands: [
      `${kubectl} get pods -w`,
      `${kubectl} logs -f job/${migration.jobName}`,
      `${kubectl} rollout status deployment/backend`,
      `${kubectl} rollout status deployment/frontend`,
    ],
  };
}
