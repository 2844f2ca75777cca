import * as pulumi from '@pulumi/pulumi';
import { settingsDefaults, settingsSchema } from '@todo/backend/settings';
import { z } from 'zod';
import { POSTGRES_IMAGE } from './images/postgres';
import { ingressProblems, ingressSettings, type IngressSettings } from './ingressConfig';

/**
 * The stack configuration (`todo:*`), read once and validated here. Every other module receives the
 * typed `StackConfig`; nothing else calls `pulumi.Config`.
 *
 * Plain keys are flat, dotted names (`backend.replicas`) so that each one can carry a type, a default
 * and a description in `Pulumi.yaml` (project config schemas only know string/integer/boolean/array).
 * The defaults below are the same as the ones in `Pulumi.yaml` (a test keeps them in step): the CLI
 * applies `Pulumi.yaml` defaults, mocked runs and `pulumi config get` readers rely on these. The
 * backend's runtime settings (log level, model, tokens, temperature, the assistant's name and
 * instructions) take rule and default from the backend's own settings schema
 * (`@todo/backend/settings`), so a default cannot differ between a laptop and the cluster.
 */
export const PROJECT = 'todo';

/** Keys that hold credentials: read only with `getSecret`, kept as secret Outputs end to end. */
export const SECRET_KEYS = ['groqApiKey', 'databaseUrl', 'jwtSecret', 'registry.password'] as const;
export type SecretKey = (typeof SECRET_KEYS)[number];

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

/** The platform registry stacks build for unless `images.platform` says otherwise. */
export const DEFAULT_REGISTRY_PLATFORM = 'linux/amd64';

/** Example values used in the fix suggested by an error message. */
const EXAMPLES: Record<string, string> = {
  'frontend.nodePort': '30080',
  'backend.replicas': '2',
  'frontend.replicas': '2',
  'llm.provider': 'groq',
  'llm.temperature': String(settingsDefaults.TEMPERATURE),
  'llm.maxTokens': String(settingsDefaults.MAX_TOKENS),
  namespace: 'todo-app',
  kubeContext: 'minikube',
  'registry.server': 'ghcr.io/my-org',
  'images.platform': 'linux/amd64',
  'registry.username': 'my-user',
  'autoscaling.enabled': 'false',
  'frontend.serviceType': 'ClusterIP',
  'ingress.enabled': 'true',
  'ingress.host': 'todo.example.com',
  'ingress.className': 'nginx',
  'ingress.tls.secretName': 'todo-example-com-tls',
  'ingress.tls.clusterIssuer': 'letsencrypt-prod',
  'ingress.controllerNamespaceLabel': 'kubernetes.io/metadata.name=ingress-nginx',
};

/** The plain (non-secret) keys with their schemas and defaults. */
const plainSchema = z.object({
  kubeContext: nonEmpty.default('minikube'),
  namespace: dnsLabel.default('todo-app'),
  environment: dnsLabel.optional(),
  logLevel: settingsSchema.shape.LOG_LEVEL,
  frontendUrl: z.url().optional(),
  'backend.replicas': int(1, 50).default(2),
  'backend.cpuRequest': cpu.default('100m'),
  'backend.memoryRequest': memory.default('128Mi'),
  'backend.cpuLimit': cpu.default('500m'),
  'backend.memoryLimit': memory.default('512Mi'),
  'frontend.replicas': int(1, 50).default(2),
  // No default here or in Pulumi.yaml: NodePort without an Ingress, ClusterIP behind one (see below).
  'frontend.serviceType': z.enum(['NodePort', 'LoadBalancer', 'ClusterIP']).optional(),
  'frontend.nodePort': int(30000, 32767).default(30080),
  'frontend.cpuRequest': cpu.default('100m'),
  'frontend.memoryRequest': memory.default('128Mi'),
  'frontend.cpuLimit': cpu.default('500m'),
  'frontend.memoryLimit': memory.default('512Mi'),
  'autoscaling.enabled': bool.default(false),
  'autoscaling.maxReplicas': int(1, 100).default(10),
  'autoscaling.targetCpuUtilization': int(10, 100).default(70),
  'ingress.enabled': bool.default(false),
  // ingress-nginx's class; Minikube's `ingress` addon installs that controller.
  'ingress.className': dnsSubdomain.default('nginx'),
  'ingress.host': dnsSubdomain.optional(),
  'ingress.tls.secretName': dnsSubdomain.optional(),
  'ingress.tls.clusterIssuer': dnsSubdomain.optional(),
  // Every namespace carries `kubernetes.io/metadata.name` (set by the API server since Kubernetes
  // 1.22); ingress-nginx and Minikube's addon run in the `ingress-nginx` namespace.
  'ingress.controllerNamespaceLabel': labelPair.default('kubernetes.io/metadata.name=ingress-nginx'),
  'llm.provider': z.enum(['groq', 'disabled']).optional(),
  'llm.model': settingsSchema.shape.GROQ_MODEL,
  'llm.maxTokens': settingsSchema.shape.MAX_TOKENS,
  'llm.temperature': settingsSchema.shape.TEMPERATURE,
  'assistant.name': settingsSchema.shape.ASSISTANT_NAME,
  'assistant.instructions': settingsSchema.shape.ASSISTANT_INSTRUCTIONS,
  'images.nodeImage': nonEmpty.optional(),
  'images.platform': z
    .string()
    .regex(/^[a-z0-9]+\/[a-z0-9]+(\/[a-z0-9]+)?$/, 'must be a platform such as "linux/amd64" or "linux/arm64"')
    .optional(),
  'registry.server': nonEmpty.optional(),
  'registry.username': nonEmpty.optional(),
  'postgres.image': nonEmpty.default(POSTGRES_IMAGE),
  'postgres.storageSize': memory.default('1Gi'),
  'postgres.storageClass': nonEmpty.optional(),
});

export type PlainConfig = z.input<typeof plainSchema>;
export const PLAIN_KEYS = Object.keys(plainSchema.shape) as (keyof typeof plainSchema.shape)[];

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
    /** Undefined: build into the cluster's own Docker daemon (Minikube) and never push. */
    registry?: { server: string; username: string; password: pulumi.Output<string> };
  };
  /** Undefined: the external database named by `databaseUrl` is used instead. */
  postgres?: { image: string; storageSize: string; storageClass?: string };
  secrets: {
    groqApiKey?: pulumi.Output<string>;
    databaseUrl?: pulumi.Output<string>;
    jwtSecret?: pulumi.Output<string>;
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
  const value = EXAMPLES[key] ?? '<value>';
  return secret
    ? `pulumi config set --secret ${key} <value>`
    : `pulumi config set ${key.includes(' ') ? `'${key}'` : key} ${value}`;
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
    problems.push(`${PROJECT}:${key} is not a known setting; remove it with: pulumi config rm ${key}`);
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

  const provider = c['llm.provider'] ?? (secrets.groqApiKey ? 'groq' : 'disabled');
  if (provider === 'groq' && !secrets.groqApiKey) {
    problems.push(
      `${PROJECT}:groqApiKey is required when llm.provider is "groq"; fix: ${fix('groqApiKey', true)} (or: pulumi config set llm.provider disabled)`,
    );
  }
  const registryKeys = ['registry.server', 'registry.username'] as const;
  const registrySet = registryKeys.some((k) => c[k] !== undefined) || secrets['registry.password'] !== undefined;
  if (registrySet) {
    for (const key of registryKeys) {
      if (c[key] === undefined) problems.push(`${PROJECT}:${key} is required when pushing to a registry; fix: ${fix(key)}`);
    }
    const serverProblem = c['registry.server'] === undefined ? undefined : registryServerProblem(c['registry.server']);
    if (serverProblem) problems.push(serverProblem);
    if (!secrets['registry.password']) {
      problems.push(
        `${PROJECT}:registry.password is required when pushing to a registry; fix: ${fix('registry.password', true)}`,
      );
    }
  }
  if (c['autoscaling.enabled']) {
    for (const app of ['backend', 'frontend'] as const) {
      if (c['autoscaling.maxReplicas'] < c[`${app}.replicas`]) {
        problems.push(
          `${PROJECT}:autoscaling.maxReplicas (${c['autoscaling.maxReplicas']}) must be at least ${app}.replicas (${c[`${app}.replicas`]}); fix: pulumi config set autoscaling.maxReplicas ${c[`${app}.replicas`]}`,
        );
      }
    }
  }
  problems.push(...ingressProblems(c, (key) => `${PROJECT}:${key}`, fix));
  if (problems.length > 0) throw new StackConfigError(problems);

  const resources = (app: 'backend' | 'frontend'): Resources => ({
    requests: { cpu: c[`${app}.cpuRequest`], memory: c[`${app}.memoryRequest`] },
    limits: { cpu: c[`${app}.cpuLimit`], memory: c[`${app}.memoryLimit`] },
  });
  const registryPassword = secrets['registry.password'];
  const ingress = ingressSettings(c);

  return {
    stack,
    environment: c.environment ?? stack,
    kubeContext: c.kubeContext,
    namespace: c.namespace,
    logLevel: c.logLevel,
    frontendUrl: c.frontendUrl ?? (ingress ? `${ingress.tls ? 'https' : 'http'}://${ingress.host}` : `http://localhost:${c['frontend.nodePort']}`),
    backend: { replicas: c['backend.replicas'], resources: resources('backend') },
    frontend: {
      replicas: c['frontend.replicas'],
      resources: resources('frontend'),
      serviceType: c['frontend.serviceType'] ?? (ingress ? 'ClusterIP' : 'NodePort'),
      nodePort: c['frontend.nodePort'],
    },
    ingress,
    autoscaling: c['autoscaling.enabled']
      ? { maxReplicas: c['autoscaling.maxReplicas'], targetCpuUtilization: c['autoscaling.targetCpuUtilization'] }
      : undefined,
    llm: {
      provider,
      model: c['llm.model'],
      maxTokens: c['llm.maxTokens'],
      temperature: c['llm.temperature'],
    },
    assistant: { name: c['assistant.name'], instructions: c['assistant.instructions'] },
    images: {
      nodeImage: c['images.nodeImage'],
      platform: c['images.platform'] ?? (registrySet ? DEFAULT_REGISTRY_PLATFORM : undefined),
      registry:
        registrySet && c['registry.server'] && c['registry.username'] && registryPassword
          ? { server: c['registry.server'], username: c['registry.username'], password: registryPassword }
          : undefined,
    },
    postgres: secrets.databaseUrl
      ? undefined
      : { image: c['postgres.image'], storageSize: c['postgres.storageSize'], storageClass: c['postgres.storageClass'] },
    secrets: { groqApiKey: secrets.groqApiKey, databaseUrl: secrets.databaseUrl, jwtSecret: secrets.jwtSecret },
  };
}

/**
 * `registry.server` is the prefix of every image name (`<server>/todo/backend:<tag>`, AppImage), so
 * it must be written the way an image name starts: a host with an optional path, no scheme
 * (`https://` makes the name invalid) and no trailing slash. Returns the problem with the value to
 * set instead, or undefined.
 */
function registryServerProblem(server: string): string | undefined {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(server)?.[0] ?? '';
  if (!scheme && !server.endsWith('/')) return undefined;
  const fixed = server.slice(scheme.length).replace(/\/+$/, '') || 'ghcr.io/my-org';
  return (
    `${PROJECT}:registry.server must be a registry host with an optional path, the way image names start ` +
    `(e.g. ghcr.io/my-org), without a scheme or a trailing slash (got ${JSON.stringify(server)}); ` +
    `fix: pulumi config set registry.server ${fixed}`
  );
}

/**
 * Checks a secret's value (known only when the program runs, never at parse time) against what the
 * backend's own config accepts. Returns the problem, naming the key and the fix, or undefined.
 */
export function secretValueProblem(key: SecretKey, value: string): string | undefined {
  if (key === 'jwtSecret' && value.length < 32) {
    return `${PROJECT}:jwtSecret must be at least 32 characters; fix: pulumi config set --secret jwtSecret "$(openssl rand -hex 32)" (or pulumi config rm jwtSecret to generate one)`;
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
