import * as pulumi from '@pulumi/pulumi';
import { settingsDefaults, settingsSchema } from '@todo/backend/settings';
import { z } from 'zod';
import { POSTGRES_IMAGE } from './images/postgres';
import { oldKeyProblem } from './configMigration';
import { imageReferenceProblem, imageReferences, imageReferencesProblems } from './imageReferenceConfig';
import { ingressProblems, ingressSettings, type IngressSettings } from './ingressConfig';
import { SECRET_KEYS, type GeneratedSecret, type SecretKey } from './secretKeys';

/**
 * The stack configuration (`todo:*`), read once and validated here. Every other module receives the
 * typed `StackConfig`; nothing else calls `pulumi.Config`.
 *
 * Keys are flat camelCase names (`backendReplicas`), spelled the way the engine, `pulumi config set`
 * and the SDK all read them: the engine reads every key `Pulumi.yaml` declares as a property path
 * (`backend.replicas` = field `replicas` of an object `todo:backend`), so a dotted key in a stack
 * file is never found, and a declared key without a `default` is required of every stack
 * (pulumi/pulumi pkg/workspace/config.go `mergeConfig`). `Pulumi.yaml` therefore declares only the
 * keys that have a default; the defaults here are the same (a test keeps them in step: the CLI
 * applies `Pulumi.yaml`'s, mocked runs and `pulumi config get` readers rely on these). The backend's
 * runtime settings (log level, model, tokens, temperature, the assistant's name and instructions)
 * take rule and default from the backend's own settings schema (`@todo/backend/settings`), so a
 * default cannot differ between a laptop and the cluster.
 */
export const PROJECT = 'todo';

export { GENERATED_SECRETS, SECRET_KEYS, type GeneratedSecret, type SecretKey } from './secretKeys';

const dnsLabel = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'must be a DNS-1123 label (lower case letters, digits, "-")');
const cpu = z.string().regex(/^\d+(\.\d+)?m?$/, 'must be a CPU quantity such as "100m" or "0.5"');
const memory = z.string().regex(/^\d+(Ki|Mi|Gi)$/, 'must be a memory quantity such as "128Mi" or "1Gi"');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const bool = z.stringbool({ truthy: ['true'], falsy: ['false'] });
const nonEmpty = z.string().trim().min(1, 'must not be empty');
const dnsSubdomain = z
  .string()
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, 'must be a lower-case DNS name such as "todo.example.com"');
/** One label, `key=value`, as a namespace selector's `matchLabels` entry. */
const labelPair = z
  .string()
  .regex(
    /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?=([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/,
    'must be one label as key=value, such as "kubernetes.io/metadata.name=ingress-nginx"',
  );
const imageReference = z.string().superRefine((value, ctx) => {
  const problem = imageReferenceProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** The platform registry stacks build for unless `imagePlatform` says otherwise. */
export const DEFAULT_REGISTRY_PLATFORM = 'linux/amd64';

/** Example values used in the fix suggested by an error message. */
const EXAMPLES: Record<string, string> = {
  frontendNodePort: '30080',
  backendReplicas: '2',
  frontendReplicas: '2',
  llmProvider: 'groq',
  llmTemperature: String(settingsDefaults.TEMPERATURE),
  llmMaxTokens: String(settingsDefaults.MAX_TOKENS),
  namespace: 'todo-app',
  kubeContext: 'minikube',
  registryServer: 'ghcr.io/my-org',
  imagePlatform: 'linux/amd64',
  imageBuildNetwork: 'host',
  backendImage: 'ghcr.io/my-org/todo/backend:<tag>@sha256:<digest>',
  frontendImage: 'ghcr.io/my-org/todo/frontend:<tag>@sha256:<digest>',
  registryUsername: 'my-user',
  autoscalingEnabled: 'false',
  frontendServiceType: 'ClusterIP',
  ingressEnabled: 'true',
  ingressHost: 'todo.example.com',
  ingressClassName: 'nginx',
  ingressTlsSecretName: 'todo-example-com-tls',
  ingressTlsClusterIssuer: 'letsencrypt-prod',
  ingressControllerNamespaceLabel: 'kubernetes.io/metadata.name=ingress-nginx',
};

/** The plain (non-secret) keys with their schemas and defaults. */
const plainSchema = z.object({
  kubeContext: nonEmpty.default('minikube'),
  namespace: dnsLabel.default('todo-app'),
  environment: dnsLabel.optional(),
  logLevel: settingsSchema.shape.LOG_LEVEL,
  frontendUrl: z.url().optional(),
  backendReplicas: int(1, 50).default(2),
  backendCpuRequest: cpu.default('100m'),
  backendMemoryRequest: memory.default('128Mi'),
  backendCpuLimit: cpu.default('500m'),
  backendMemoryLimit: memory.default('512Mi'),
  frontendReplicas: int(1, 50).default(2),
  // No default here or in Pulumi.yaml: NodePort without an Ingress, ClusterIP behind one (see below).
  frontendServiceType: z.enum(['NodePort', 'LoadBalancer', 'ClusterIP']).optional(),
  frontendNodePort: int(30000, 32767).default(30080),
  frontendCpuRequest: cpu.default('100m'),
  frontendMemoryRequest: memory.default('128Mi'),
  frontendCpuLimit: cpu.default('500m'),
  frontendMemoryLimit: memory.default('512Mi'),
  autoscalingEnabled: bool.default(false),
  autoscalingMaxReplicas: int(1, 100).default(10),
  autoscalingTargetCpuUtilization: int(10, 100).default(70),
  ingressEnabled: bool.default(false),
  // ingress-nginx's class; Minikube's `ingress` addon installs that controller.
  ingressClassName: dnsSubdomain.default('nginx'),
  ingressHost: dnsSubdomain.optional(),
  ingressTlsSecretName: dnsSubdomain.optional(),
  ingressTlsClusterIssuer: dnsSubdomain.optional(),
  // Every namespace carries `kubernetes.io/metadata.name` (set by the API server since Kubernetes
  // 1.22); ingress-nginx and Minikube's addon run in the `ingress-nginx` namespace.
  ingressControllerNamespaceLabel: labelPair.default('kubernetes.io/metadata.name=ingress-nginx'),
  llmProvider: z.enum(['groq', 'disabled']).optional(),
  llmModel: settingsSchema.shape.GROQ_MODEL,
  llmMaxTokens: settingsSchema.shape.MAX_TOKENS,
  llmTemperature: settingsSchema.shape.TEMPERATURE,
  assistantName: settingsSchema.shape.ASSISTANT_NAME,
  assistantInstructions: settingsSchema.shape.ASSISTANT_INSTRUCTIONS,
  nodeImage: nonEmpty.optional(),
  imagePlatform: z
    .string()
    .regex(/^[a-z0-9]+\/[a-z0-9]+(\/[a-z0-9]+)?$/, 'must be a platform such as "linux/amd64" or "linux/arm64"')
    .optional(),
  imageBuildNetwork: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must be a Docker network name such as "host" or "default"')
    .optional(),
  backendImage: imageReference.optional(),
  frontendImage: imageReference.optional(),
  registryServer: nonEmpty.optional(),
  registryUsername: nonEmpty.optional(),
  postgresImage: nonEmpty.default(POSTGRES_IMAGE),
  postgresStorageSize: memory.default('1Gi'),
  postgresStorageClass: nonEmpty.optional(),
});

export type PlainConfig = z.input<typeof plainSchema>;
export type PlainKey = keyof typeof plainSchema.shape;
export const PLAIN_KEYS = Object.keys(plainSchema.shape) as PlainKey[];

/**
 * The plain keys with a default, and what it is: exactly what `Pulumi.yaml` declares. The others
 * (and the secrets) are optional and must not be declared there, or the engine requires them.
 */
export const PLAIN_DEFAULTS: Partial<Record<PlainKey, unknown>> = Object.fromEntries(
  PLAIN_KEYS.flatMap((key) => {
    const value = (plainSchema.shape[key] as z.ZodType).safeParse(undefined).data;
    return value === undefined ? [] : [[key, value]];
  }),
);
/** The plain keys without a default: unset means something (see `StackConfig`), not an error. */
export const OPTIONAL_KEYS = PLAIN_KEYS.filter((key) => !(key in PLAIN_DEFAULTS));

export interface Resources {
  requests: { cpu: string; memory: string };
  limits: { cpu: string; memory: string };
}

export interface AppSettings {
  replicas: number;
  resources: Resources;
}

/** The one typed object the program is built from. */
export interface StackConfig {
  stack: string;
  /** `dev` on Minikube; drives the `environment` label the policy pack reads. */
  environment: string;
  kubeContext: string;
  namespace: string;
  logLevel: string;
  frontendUrl: string;
  backend: AppSettings;
  frontend: AppSettings & { serviceType: 'NodePort' | 'LoadBalancer' | 'ClusterIP'; nodePort: number };
  /** Undefined when off: no HorizontalPodAutoscaler is created. */
  autoscaling?: { maxReplicas: number; targetCpuUtilization: number };
  /** Undefined when off (dev): the frontend Service itself is the way in (NodePort). */
  ingress?: IngressSettings;
  llm: { provider: 'groq' | 'disabled'; model: string; maxTokens: number; temperature: number };
  assistant: { name: string; instructions: string };
  images: {
    /** Build arg `NODE_IMAGE`; undefined keeps the Dockerfiles' default. */
    nodeImage?: string;
    /**
     * Target platform of both builds. Undefined: the Docker provider's default, `linux/<arch of the
     * machine running Pulumi>` (pulumi/pulumi-docker provider/provider.go `Check`), which is the
     * Minikube node's own architecture (`npm run deploy` checks that they match). Registry stacks
     * default to `linux/amd64`: an arm64 laptop must not push arm64 images to amd64 nodes.
     */
    platform?: string;
    /** The Docker network the builds' RUN steps use (`host` for an engine without a bridge network); undefined: the engine's default. */
    buildNetwork?: string;
    /**
     * Images built elsewhere (CI) to deploy as they are: nothing is built and no docker provider is
     * registered. Undefined: both images are built by this program.
     */
    references?: { backend: string; frontend: string };
    /**
     * Undefined: build into the cluster's own Docker daemon (Minikube) and never push. With
     * `references`, only the pull secret is made from it.
     */
    registry?: { server: string; username: string; password: pulumi.Output<string> };
  };
  /** Undefined: the external database named by `databaseUrl` is used instead. */
  postgres?: { image: string; storageSize: string; storageClass?: string };
  secrets: {
    groqApiKey?: pulumi.Output<string>;
    databaseUrl?: pulumi.Output<string>;
    jwtSecret: pulumi.Output<string>;
    /** Set whenever `postgres` is (the in-cluster database's password). */
    postgresPassword?: pulumi.Output<string>;
  };
}

/** Raised for any invalid stack config; the message lists every bad key with its fix. */
export class StackConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid stack configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'StackConfigError';
  }
}

function fix(key: string, secret = false): string {
  return secret ? `pulumi config set --secret ${key} <value>` : `pulumi config set ${key} ${EXAMPLES[key] ?? '<value>'}`;
}

/** The fix for a missing generated secret: what `npm run deploy` does, or the command by hand. */
export function generatedSecretFix(key: GeneratedSecret): string {
  return `npm run deploy generates it on a stack's first deploy; or: pulumi config set --secret ${key} "$(openssl rand -hex 32)"`;
}

/**
 * Pure: validates the raw config strings (what `pulumi.Config#get` returns) plus the secret Outputs
 * that are present, and builds the StackConfig. Throws StackConfigError naming each bad key.
 */
export function parseStackConfig(
  stack: string,
  raw: Partial<Record<string, string>>,
  secrets: Partial<Record<SecretKey, pulumi.Output<string>>>,
): StackConfig {
  const problems: string[] = [];
  const unknown = Object.keys(raw).filter(
    (k) => !(PLAIN_KEYS as string[]).includes(k) && !(SECRET_KEYS as readonly string[]).includes(k),
  );
  for (const key of unknown) {
    problems.push(
      oldKeyProblem(PROJECT, key, raw[key], { plain: PLAIN_KEYS, secret: SECRET_KEYS }) ??
        `${PROJECT}:${key} is not a known setting; remove it with: pulumi config rm ${key}`,
    );
  }

  const parsed = plainSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0]);
      problems.push(`${PROJECT}:${key} ${issue.message} (got ${JSON.stringify(raw[key])}); fix: ${fix(key)}`);
    }
    throw new StackConfigError(problems);
  }
  const c = parsed.data;

  const provider = c.llmProvider ?? (secrets.groqApiKey ? 'groq' : 'disabled');
  if (provider === 'groq' && !secrets.groqApiKey) {
    problems.push(
      `${PROJECT}:groqApiKey is required when llmProvider is "groq"; fix: ${fix('groqApiKey', true)} (or: pulumi config set llmProvider disabled)`,
    );
  }
  if (!secrets.jwtSecret) {
    problems.push(`${PROJECT}:jwtSecret is required (the backend signs its session tokens with it); ${generatedSecretFix('jwtSecret')}`);
  }
  if (!secrets.databaseUrl && !secrets.postgresPassword) {
    problems.push(
      `${PROJECT}:postgresPassword is required for the in-cluster PostgreSQL (no databaseUrl is set); ${generatedSecretFix('postgresPassword')}`,
    );
  }
  const registryKeys = ['registryServer', 'registryUsername'] as const;
  const registrySet = registryKeys.some((k) => c[k] !== undefined) || secrets.registryPassword !== undefined;
  if (registrySet) {
    for (const key of registryKeys) {
      if (c[key] === undefined) problems.push(`${PROJECT}:${key} is required when pushing to a registry; fix: ${fix(key)}`);
    }
    const serverProblem = c.registryServer === undefined ? undefined : registryServerProblem(c.registryServer);
    if (serverProblem) problems.push(serverProblem);
    if (!secrets.registryPassword) {
      problems.push(`${PROJECT}:registryPassword is required when pushing to a registry; fix: ${fix('registryPassword', true)}`);
    }
  }
  problems.push(...imageReferencesProblems(c, (key) => `${PROJECT}:${key}`, fix));
  if (c.autoscalingEnabled) {
    for (const app of ['backend', 'frontend'] as const) {
      const replicas = c[`${app}Replicas`];
      if (c.autoscalingMaxReplicas < replicas) {
        problems.push(
          `${PROJECT}:autoscalingMaxReplicas (${c.autoscalingMaxReplicas}) must be at least ${app}Replicas (${replicas}); fix: pulumi config set autoscalingMaxReplicas ${replicas}`,
        );
      }
    }
  }
  problems.push(...ingressProblems(c, (key) => `${PROJECT}:${key}`, fix));
  if (problems.length > 0) throw new StackConfigError(problems);

  const resources = (app: 'backend' | 'frontend'): Resources => ({
    requests: { cpu: c[`${app}CpuRequest`], memory: c[`${app}MemoryRequest`] },
    limits: { cpu: c[`${app}CpuLimit`], memory: c[`${app}MemoryLimit`] },
  });
  const registryPassword = secrets.registryPassword;
  const ingress = ingressSettings(c);

  return {
    stack,
    environment: c.environment ?? stack,
    kubeContext: c.kubeContext,
    namespace: c.namespace,
    logLevel: c.logLevel,
    frontendUrl: c.frontendUrl ?? (ingress ? `${ingress.tls ? 'https' : 'http'}://${ingress.host}` : `http://localhost:${c.frontendNodePort}`),
    backend: { replicas: c.backendReplicas, resources: resources('backend') },
    frontend: {
      replicas: c.frontendReplicas,
      resources: resources('frontend'),
      serviceType: c.frontendServiceType ?? (ingress ? 'ClusterIP' : 'NodePort'),
      nodePort: c.frontendNodePort,
    },
    ingress,
    autoscaling: c.autoscalingEnabled
      ? { maxReplicas: c.autoscalingMaxReplicas, targetCpuUtilization: c.autoscalingTargetCpuUtilization }
      : undefined,
    llm: { provider, model: c.llmModel, maxTokens: c.llmMaxTokens, temperature: c.llmTemperature },
    assistant: { name: c.assistantName, instructions: c.assistantInstructions },
    images: {
      nodeImage: c.nodeImage,
      platform: c.imagePlatform ?? (registrySet ? DEFAULT_REGISTRY_PLATFORM : undefined),
      buildNetwork: c.imageBuildNetwork,
      references: imageReferences(c),
      registry:
        registrySet && c.registryServer && c.registryUsername && registryPassword
          ? { server: c.registryServer, username: c.registryUsername, password: registryPassword }
          : undefined,
    },
    postgres: secrets.databaseUrl
      ? undefined
      : { image: c.postgresImage, storageSize: c.postgresStorageSize, storageClass: c.postgresStorageClass },
    secrets: {
      groqApiKey: secrets.groqApiKey,
      databaseUrl: secrets.databaseUrl,
      // Both checked above: present, or the program stopped with the fix.
      jwtSecret: secrets.jwtSecret as pulumi.Output<string>,
      postgresPassword: secrets.databaseUrl ? undefined : secrets.postgresPassword,
    },
  };
}

/**
 * `registryServer` is the prefix of every image name (`<server>/todo/backend:<tag>`, AppImage), so
 * it must be written the way an image name starts: a host with an optional path, no scheme
 * (`https://` makes the name invalid) and no trailing slash. Returns the problem with the value to
 * set instead, or undefined.
 */
function registryServerProblem(server: string): string | undefined {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(server)?.[0] ?? '';
  if (!scheme && !server.endsWith('/')) return undefined;
  const fixed = server.slice(scheme.length).replace(/\/+$/, '') || 'ghcr.io/my-org';
  return (
    `${PROJECT}:registryServer must be a registry host with an optional path, the way image names start ` +
    `(e.g. ghcr.io/my-org), without a scheme or a trailing slash (got ${JSON.stringify(server)}); ` +
    `fix: pulumi config set registryServer ${fixed}`
  );
}

/** The shortest generated-secret value accepted: `npm run deploy` writes 64 hex digits. */
const MIN_GENERATED_SECRET_LENGTH = { jwtSecret: 32, postgresPassword: 16 } as const;

/**
 * Checks a secret's value (known only when the program runs, never at parse time) against what the
 * backend's own config accepts. Returns the problem, naming the key and the fix, or undefined.
 */
export function secretValueProblem(key: SecretKey, value: string): string | undefined {
  if ((key === 'jwtSecret' || key === 'postgresPassword') && value.length < MIN_GENERATED_SECRET_LENGTH[key]) {
    return `${PROJECT}:${key} must be at least ${MIN_GENERATED_SECRET_LENGTH[key]} characters; fix: pulumi config set --secret ${key} "$(openssl rand -hex 32)"`;
  }
  if (key === 'databaseUrl' && !/^postgres(ql)?:\/\//.test(value)) {
    return `${PROJECT}:databaseUrl must be a postgresql:// URL; fix: pulumi config set --secret databaseUrl 'postgresql://user:password@host:5432/db?sslmode=require'`;
  }
  return undefined;
}

/** The same secret Output, failing the deployment with `secretValueProblem` when the value is bad. */
function checkedSecret(key: SecretKey, value: pulumi.Output<string>): pulumi.Output<string> {
  return value.apply((plain) => {
    const problem = secretValueProblem(key, plain);
    if (problem) throw new StackConfigError([problem]);
    return plain;
  });
}

/** Reads the `todo:*` stack config once (plain keys with `get`, secrets with `getSecret`). */
export function loadStackConfig(): StackConfig {
  const config = new pulumi.Config(PROJECT);
  const raw: Record<string, string> = {};
  const all = pulumi.runtime.allConfig();
  for (const fullKey of Object.keys(all)) {
    if (!fullKey.startsWith(`${PROJECT}:`)) continue;
    const key = fullKey.slice(PROJECT.length + 1);
    if ((SECRET_KEYS as readonly string[]).includes(key)) continue;
    const value = config.get(key);
    if (value !== undefined) raw[key] = value;
  }
  const secrets: Partial<Record<SecretKey, pulumi.Output<string>>> = {};
  for (const key of SECRET_KEYS) {
    const value = config.getSecret(key);
    if (value !== undefined) secrets[key] = checkedSecret(key, value);
  }
  return parseStackConfig(pulumi.getStack(), raw, secrets);
}
