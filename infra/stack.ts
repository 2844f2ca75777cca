import * as docker from '@pulumi/docker';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import * as path from 'node:path';
import { AppImage } from './components/app-image';
import { AppIngress } from './components/app-ingress';
import { BackendConfig } from './components/backend-config';
import { Database } from './components/database';
import { Migration } from './components/migration';
import { Namespace } from './components/namespace';
import { NetworkPolicies } from './components/network-policies';
import { PullSecret } from './components/pull-secret';
import { WebService, type WebServiceArgs } from './components/web-service';
import type { StackConfig } from './stack-config';
import {
  appImagePlan,
  backendLabels,
  backendSecrets,
  backendServicePlan,
  backendSettings,
  databasePlan,
  frontendLabels,
  frontendServicePlan,
  frontendUrlCommand,
  imageBuildArgs,
  migrationLabels,
  namespacePlan,
  networkPoliciesPlan,
  stackBase,
  watchCommands,
  type StackBase,
} from './stack-plan';

/** The repository root: the Docker build context and where the Pulumi CLI runs the program. */
export const REPO_ROOT = path.resolve(__dirname, '..');

export { BACKEND_PORT, FRONTEND_PORT } from './ports';
export { FRONTEND_CACHE_DIR } from './stack-plan';

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

/**
 * Builds every resource of the stack from the validated config. `index.ts` is only this call. What
 * each object holds is planned in stack-plan.ts; this function declares the components in the order
 * the recorded stack has always had (providers, namespace, images, database, backend, frontend,
 * network policies) and wires their Outputs into one another.
 */
export function createStack(cfg: StackConfig, workDir: string = REPO_ROOT): StackOutputs {
  const k8sOpts = { providers: [kubernetesProvider(cfg)] };
  const dockerOpts = dockerOptions(cfg);
  const base = stackBase(cfg);
  const namespace = new Namespace('todo', namespacePlan(cfg), k8sOpts).name;
  const images = declareImages(cfg, workDir, dockerOpts);
  const database = new Database('postgres', databasePlan(cfg, namespace), k8sOpts);
  const imagePullSecrets = declarePullSecret(cfg, namespace, base, k8sOpts);
  const scope: AppScope = { namespace, base, imagePullSecrets, opts: k8sOpts };
  const backend = declareBackend(cfg, scope, images.backend, database);
  declareFrontend(cfg, scope, images.frontend, backend.service.clusterUrl);
  new NetworkPolicies('default', networkPoliciesPlan(cfg, namespace, database.inCluster), k8sOpts);

  return {
    namespace,
    frontendUrl: cfg.frontendUrl,
    frontendUrlCommand: frontendUrlCommand(cfg),
    backendImage: images.backend.imageRef,
    frontendImage: images.frontend.imageRef,
    migrationJob: backend.migration.jobName,
    watchCommands: watchCommands(cfg, backend.migration.jobName),
  };
}

/** What every app's components share: where they go, their base labels, how they pull, their provider. */
interface AppScope {
  namespace: pulumi.Output<string>;
  base: StackBase;
  imagePullSecrets?: pulumi.Input<string>[];
  opts: pulumi.ComponentResourceOptions;
}

function kubernetesProvider(cfg: StackConfig): k8s.Provider {
  return new k8s.Provider('k8s', {
    context: cfg.kubeContext,
    enableServerSideApply: true,
    // Update the backend's ConfigMap and Secret in place instead of deleting and re-creating them
    // (the provider's default treats their data as immutable: node_modules/@pulumi/kubernetes/
    // provider.d.ts). The checksum annotations already roll the pods that read them, and the names
    // stay put, so the migration Job (which names the Secret) is not touched and does not re-run.
    enableConfigMapMutable: true,
    enableSecretMutable: true,
  });
}

/**
 * No host set: the provider uses DOCKER_HOST/DOCKER_CERT_PATH/DOCKER_TLS_VERIFY, which
 * `npm run deploy` takes from `minikube docker-env` so the images land in Minikube's daemon.
 * Declared only when the program builds: a registered docker provider makes the engine load the
 * docker plugin, which a stack deploying given image references (CI's machines) or images
 * `npm run deploy` loaded itself (image-load) does not need.
 */
function dockerOptions(cfg: StackConfig): pulumi.ComponentResourceOptions {
  const programBuilds = !cfg.images.references && cfg.images.delivery !== 'image-load';
  return programBuilds ? { providers: [new docker.Provider('docker', {})] } : {};
}

function declareImages(
  cfg: StackConfig,
  workDir: string,
  opts: pulumi.ComponentResourceOptions,
): { backend: AppImage; frontend: AppImage } {
  const shared = imageBuildArgs(cfg.images, workDir);
  const backend = new AppImage('backend', { ...shared, ...appImagePlan('backend', cfg.images) }, opts);
  // One build at a time: two BuildKit builds at once (npm ci + next build) do not fit in the
  // documented 2-CPU / 4 GB Minikube next to the cluster itself (peaks: docs/deploy.md, "Images").
  const frontend = new AppImage('frontend', { ...shared, ...appImagePlan('frontend', cfg.images), buildAfter: [backend] }, opts);
  return { backend, frontend };
}

/** A registry stack pulls its images with the credentials it pushes with; the Secret's name, or undefined. */
function declarePullSecret(
  cfg: StackConfig,
  namespace: pulumi.Output<string>,
  base: StackBase,
  opts: pulumi.ComponentResourceOptions,
): pulumi.Input<string>[] | undefined {
  if (!cfg.images.registry) return undefined;
  return [new PullSecret('registry', { namespace, ...base, ...cfg.images.registry }, opts).secretName];
}

/** How a WebService runs its app's image: tag (pod label), reference, pull policy and pull secrets. */
function runImage(image: AppImage, scope: AppScope): Pick<WebServiceArgs, 'version' | 'image' | 'imagePullPolicy' | 'imagePullSecrets'> {
  return { version: image.tag, image: image.imageRef, imagePullPolicy: image.imagePullPolicy, imagePullSecrets: scope.imagePullSecrets };
}

/** The backend's config and secrets, the migration Job of its image, then the backend itself. */
function declareBackend(
  cfg: StackConfig,
  scope: AppScope,
  image: AppImage,
  database: Database,
): { service: WebService; migration: Migration } {
  const { namespace, opts } = scope;
  const labels = backendLabels(scope.base);
  const config = new BackendConfig(
    'backend',
    { namespace, labels, settings: backendSettings(cfg), secrets: backendSecrets(cfg, database.url) },
    opts,
  );
  const migration = new Migration(
    'backend-migrate',
    {
      namespace,
      labels: migrationLabels(scope.base, image.tag),
      image: image.imageRef,
      imageTag: image.tag,
      imagePullPolicy: image.imagePullPolicy,
      imagePullSecrets: scope.imagePullSecrets,
      secretName: config.secretName,
      runAfter: database.inCluster ? [image, database] : [image],
    },
    opts,
  );
  const service = new WebService(
    'backend',
    {
      namespace,
      labels,
      ...runImage(image, scope),
      ...backendServicePlan(cfg),
      configMapName: config.configMapName,
      secretName: config.secretName,
      podAnnotations: config.checksums,
      rolloutAfter: [image, migration],
    },
    opts,
  );
  return { service, migration };
}

/** The frontend, and its Ingress when the stack has one (its Service is then ClusterIP: config.ts). */
function declareFrontend(cfg: StackConfig, scope: AppScope, image: AppImage, backendUrl: string): WebService {
  const { namespace, opts } = scope;
  const labels = frontendLabels(scope.base);
  const frontend = new WebService(
    'frontend',
    { namespace, labels, ...runImage(image, scope), ...frontendServicePlan(cfg, backendUrl), rolloutAfter: [image] },
    opts,
  );
  if (cfg.ingress) {
    const { host, className, tls } = cfg.ingress;
    new AppIngress(
      'frontend',
      { namespace, labels, host, className, service: { name: frontend.service.metadata.name, portName: 'http' }, tls },
      opts,
    );
  }
  return frontend;
}
