import type * as pulumi from '@pulumi/pulumi';
import type { AppImageArgs } from './components/app-image';
import type { DatabaseArgs } from './components/database';
import type { NamespaceArgs } from './components/namespace';
import type { NetworkPoliciesArgs } from './components/network-policies';
import type { WebServiceArgs } from './components/web-service';
import type { StackConfig } from './stack-config';
import { INGRESS_PROXY_HOPS } from './ingress-config';
import type { LabelInput } from './labels';
import { APP_DOCKERFILES, appRepository } from './images/app-images';
import { BACKEND_PORT, FRONTEND_PORT } from './ports';
import { BACKEND_HEALTH, FRONTEND_HEALTH } from './probes';

/**
 * What `createStack` declares, computed from the validated config alone: pure functions, tested in
 * stack-plan.test.ts without Pulumi mocks. `createStack` passes their results, plus the Outputs of
 * the components it has declared (names, URLs, image references), to the components.
 */

/** Next.js writes its image/fetch cache here; the only path the frontend needs writable besides /tmp. */
export const FRONTEND_CACHE_DIR = '/app/apps/frontend/.next/cache';

/** The labels every object of the stack shares: the stack (`instance`) and its environment. */
export type StackBase = Pick<LabelInput, 'instance' | 'environment'>;

export function stackBase(cfg: Pick<StackConfig, 'stack' | 'environment'>): StackBase {
  return { instance: cfg.stack, environment: cfg.environment };
}

/**
 * The label sets of the three workloads. The image tag labels only what runs the image (the pods,
 * the per-tag migration Job): on every other object a new tag would plan an update that changes
 * nothing (WebService `version`).
 */
export function backendLabels(base: StackBase): Omit<LabelInput, 'version'> {
  return { ...base, app: 'backend', component: 'api', tier: 'backend' };
}

export function frontendLabels(base: StackBase): Omit<LabelInput, 'version'> {
  return { ...base, app: 'frontend', component: 'web', tier: 'frontend' };
}

export function migrationLabels(base: StackBase, backendTag: string): LabelInput {
  return { ...base, app: 'backend-migrate', component: 'migration', tier: 'backend', version: backendTag };
}

/** What both image builds share. */
export type ImageBuildArgs = Pick<AppImageArgs, 'buildArgs' | 'registry' | 'platform' | 'network' | 'workDir'>;

export function imageBuildArgs(images: StackConfig['images'], workDir: string): ImageBuildArgs {
  const buildArgs: Record<string, string> = images.nodeImage ? { NODE_IMAGE: images.nodeImage } : {};
  return { buildArgs, registry: images.registry, platform: images.platform, network: images.buildNetwork, workDir };
}

/** One app's image: its repository, Dockerfile and, when the stack deploys given images, the reference. */
export function appImagePlan(
  app: 'backend' | 'frontend',
  images: StackConfig['images'],
): Pick<AppImageArgs, 'repository' | 'dockerfile' | 'reference' | 'builtByDeploy'> {
  return {
    repository: appRepository(app),
    dockerfile: APP_DOCKERFILES[app],
    reference: images.references?.[app],
    builtByDeploy: images.delivery === 'image-load',
  };
}

/**
 * The stack's namespace, kept on destroy when the database is protected: deleting a namespace
 * deletes everything in it, the database's volume claim included.
 */
export function namespacePlan(cfg: StackConfig): NamespaceArgs {
  return { name: cfg.namespace, ...stackBase(cfg), retainOnDelete: cfg.protectDatabase };
}

/** The database: the external one `databaseUrl` names, or the in-cluster PostgreSQL's settings. */
export function databasePlan(cfg: StackConfig, namespace: pulumi.Input<string>): DatabaseArgs {
  return {
    ...stackBase(cfg),
    namespace,
    externalUrl: cfg.secrets.databaseUrl,
    password: cfg.secrets.postgresPassword,
    image: cfg.postgres?.image,
    storageSize: cfg.postgres?.storageSize,
    storageClass: cfg.postgres?.storageClass,
    retainOnDelete: cfg.protectDatabase,
  };
}

/** The backend's runtime settings (its ConfigMap), by the env names the backend reads. */
export function backendSettings(cfg: StackConfig): Record<string, string> {
  return {
    LLM_PROVIDER: cfg.llm.provider,
    GROQ_MODEL: cfg.llm.model,
    ASSISTANT_NAME: cfg.assistant.name,
    ASSISTANT_INSTRUCTIONS: cfg.assistant.instructions,
    MAX_TOKENS: String(cfg.llm.maxTokens),
    TEMPERATURE: String(cfg.llm.temperature),
    FRONTEND_URL: cfg.frontendUrl,
    LOG_LEVEL: cfg.logLevel,
  };
}

/** The backend's secrets (its Secret): the database URL comes from the Database component. */
export function backendSecrets(cfg: StackConfig, databaseUrl: pulumi.Output<string>): Record<string, pulumi.Output<string> | undefined> {
  return { DATABASE_URL: databaseUrl, JWT_SECRET: cfg.secrets.jwtSecret, GROQ_API_KEY: cfg.secrets.groqApiKey };
}

/** The backend WebService's settings of its own; image, config names and ordering come from the components. */
export function backendServicePlan(
  cfg: StackConfig,
): Pick<WebServiceArgs, 'containerPort' | 'health' | 'replicas' | 'resources' | 'env' | 'service' | 'autoscaling'> {
  return {
    containerPort: BACKEND_PORT,
    health: BACKEND_HEALTH,
    replicas: cfg.backend.replicas,
    resources: cfg.backend.resources,
    env: { PORT: String(BACKEND_PORT) },
    service: { type: 'ClusterIP', port: BACKEND_PORT },
    autoscaling: cfg.autoscaling,
  };
}

/**
 * The frontend's env. HOSTNAME: Next's standalone server binds to it; the runtime sets it to the
 * pod name otherwise. Behind an Ingress the frontend trusts the controller's forwarded address.
 */
export function frontendEnv(cfg: Pick<StackConfig, 'ingress'>, backendUrl: string): Record<string, string> {
  return {
    PORT: String(FRONTEND_PORT),
    HOSTNAME: '0.0.0.0',
    BACKEND_URL: backendUrl,
    ...(cfg.ingress ? { TRUSTED_PROXY_HOPS: String(INGRESS_PROXY_HOPS) } : {}),
  };
}

/** The frontend WebService's settings of its own, given the backend's in-cluster URL. */
export function frontendServicePlan(
  cfg: StackConfig,
  backendUrl: string,
): Pick<WebServiceArgs, 'containerPort' | 'health' | 'replicas' | 'resources' | 'env' | 'service' | 'autoscaling' | 'writablePaths'> {
  return {
    containerPort: FRONTEND_PORT,
    health: FRONTEND_HEALTH,
    replicas: cfg.frontend.replicas,
    resources: cfg.frontend.resources,
    env: frontendEnv(cfg, backendUrl),
    service: { type: cfg.frontend.serviceType, port: FRONTEND_PORT, nodePort: cfg.frontend.nodePort },
    autoscaling: cfg.autoscaling,
    writablePaths: ['/tmp', FRONTEND_CACHE_DIR],
  };
}

/** The NetworkPolicies' settings: which apps talk on which ports, and where the Ingress controller runs. */
export function networkPoliciesPlan(cfg: StackConfig, namespace: pulumi.Input<string>, databaseInCluster: boolean): NetworkPoliciesArgs {
  return {
    ...stackBase(cfg),
    namespace,
    frontendPort: FRONTEND_PORT,
    backendPort: BACKEND_PORT,
    apps: { frontend: 'frontend', backend: 'backend', migration: 'backend-migrate', postgres: databaseInCluster ? 'postgres' : undefined },
    ingressControllerNamespace: cfg.ingress?.controllerNamespace,
  };
}

function kubectlPrefix(cfg: Pick<StackConfig, 'kubeContext' | 'namespace'>): string {
  return `kubectl --context ${cfg.kubeContext} -n ${cfg.namespace}`;
}

/** The command that shows the way in: the Ingress, Minikube's URL of the NodePort, or the Service. */
export function frontendUrlCommand(cfg: Pick<StackConfig, 'kubeContext' | 'namespace' | 'ingress' | 'frontend'>): string {
  const kubectl = kubectlPrefix(cfg);
  if (cfg.ingress) return `${kubectl} get ingress frontend`;
  if (cfg.frontend.serviceType === 'NodePort' && cfg.kubeContext === 'minikube')
    return `minikube service frontend -n ${cfg.namespace} --url`;
  return `${kubectl} get service frontend -o wide`;
}

/** The commands that follow a deploy: the pods, the migration Job's log, both rollouts. */
export function watchCommands(cfg: Pick<StackConfig, 'kubeContext' | 'namespace'>, migrationJob: string): string[] {
  const kubectl = kubectlPrefix(cfg);
  return [
    `${kubectl} get pods -w`,
    `${kubectl} logs -f job/${migrationJob}`,
    `${kubectl} rollout status deployment/backend`,
    `${kubectl} rollout status deployment/frontend`,
  ];
}
