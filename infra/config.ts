import * as pulumi from '@pulumi/pulumi';
import { settingsDefaults, settingsSchema } from '@todo/contracts/settings';
import { z } from 'zod';
import { POSTGRES_IMAGE } from './images/postgres';
import { oldKeyProblem } from './config-migration';
import { IMAGE_DELIVERIES, imageDeliveryProblems } from './image-delivery-config';
import { imageReferenceProblem, imageReferences, imageReferencesProblems } from './image-reference-config';
import { ingressProblems, ingressSettings } from './ingress-config';
import { DEFAULT_REGISTRY_PLATFORM, registryProblems, registryRequested, registrySettings } from './registry-config';
import { SECRET_KEYS, type GeneratedSecret, type SecretKey } from './secret-keys';
import type { AppSettings, StackConfig } from './stack-config';

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
 * take rule and default from the backend's settings contract (`@todo/contracts/settings`), so a
 * default cannot differ between a laptop and the cluster.
 */
export const PROJECT = 'todo';

export { GENERATED_SECRETS, SECRET_KEYS, type GeneratedSecret, type SecretKey } from './secret-keys';

const dnsLabel = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'must be a DNS-1123 label (lower case letters, digits, "-")');
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

export { DEFAULT_REGISTRY_PLATFORM } from './registry-config';

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
  imageDelivery: 'docker-env',
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
  protectDatabase: 'true',
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
  // No default: unset, `npm run deploy` picks it from the Minikube profile (infra/deploy/minikube-profile.ts).
  imageDelivery: z.enum(IMAGE_DELIVERIES).optional(),
  backendImage: imageReference.optional(),
  frontendImage: imageReference.optional(),
  registryServer: nonEmpty.optional(),
  registryUsername: nonEmpty.optional(),
  postgresImage: nonEmpty.default(POSTGRES_IMAGE),
  postgresStorageSize: memory.default('1Gi'),
  postgresStorageClass: nonEmpty.optional(),
  // No default here or in Pulumi.yaml: on unless the environment is dev (see `stackConfigFrom`).
  protectDatabase: bool.optional(),
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

export type { AppSettings, Resources, StackConfig } from './stack-config';

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
  return `npm run deploy generates it on a dev stack's first deploy; or: pulumi config set --secret ${key} "$(openssl rand -hex 32)"`;
}

/** The secrets present in the stack, as Outputs (their values are known only when the program runs). */
type PresentSecrets = Partial<Record<SecretKey, pulumi.Output<string>>>;
/** The plain keys once the schema has parsed them (defaults applied). */
type PlainValues = z.output<typeof plainSchema>;

/** A key's full name in messages: `todo:backendReplicas`. */
const fullName = (key: string) => `${PROJECT}:${key}`;

/**
 * Pure: validates the raw config strings (what `pulumi.Config#get` returns) plus the secret Outputs
 * that are present, and builds the StackConfig. Throws StackConfigError naming each bad key: the
 * unknown keys and the schema's problems first (nothing else can be checked without parsed values),
 * then every problem of keys taken together.
 */
export function parseStackConfig(stack: string, raw: Partial<Record<string, string>>, secrets: PresentSecrets): StackConfig {
  const problems = unknownKeyProblems(raw);
  const parsed = plainSchema.safeParse(raw);
  if (!parsed.success) throw new StackConfigError([...problems, ...schemaProblems(parsed.error, raw)]);
  const c = parsed.data;
  problems.push(...crossKeyProblems(c, secrets));
  if (problems.length > 0) throw new StackConfigError(problems);
  return stackConfigFrom(stack, c, secrets);
}

/** Keys neither plain nor secret: an old spelling (with its new one) or a key to remove. */
function unknownKeyProblems(raw: Partial<Record<string, string>>): string[] {
  const unknown = Object.keys(raw).filter((k) => !(PLAIN_KEYS as string[]).includes(k) && !(SECRET_KEYS as readonly string[]).includes(k));
  return unknown.map(
    (key) =>
      oldKeyProblem(PROJECT, key, raw[key], { plain: PLAIN_KEYS, secret: SECRET_KEYS }) ??
      `${PROJECT}:${key} is not a known setting; remove it with: pulumi config rm ${key}`,
  );
}

function schemaProblems(error: z.ZodError, raw: Partial<Record<string, string>>): string[] {
  return error.issues.map((issue) => {
    const key = String(issue.path[0]);
    return `${PROJECT}:${key} ${issue.message} (got ${JSON.stringify(raw[key])}); fix: ${fix(key)}`;
  });
}

/** What is wrong with keys taken together, in the order the messages have always listed them. */
function crossKeyProblems(c: PlainValues, secrets: PresentSecrets): string[] {
  return [
    ...requiredSecretProblems(c, secrets),
    ...registryProblems(c, secrets.registryPassword, fullName, fix),
    ...imageReferencesProblems(c, fullName, fix),
    ...imageDeliveryProblems(c, fullName),
    ...autoscalingProblems(c),
    ...ingressProblems(c, fullName, fix),
  ];
}

/** The assistant's provider: as set, else Groq when its key is there. */
function llmProvider(c: PlainValues, secrets: PresentSecrets): 'groq' | 'disabled' {
  return c.llmProvider ?? (secrets.groqApiKey ? 'groq' : 'disabled');
}

/** The secrets the settings need: Groq's key for Groq, always the JWT secret, a database password or URL. */
function requiredSecretProblems(c: PlainValues, secrets: PresentSecrets): string[] {
  const problems: string[] = [];
  if (llmProvider(c, secrets) === 'groq' && !secrets.groqApiKey) {
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
  return problems;
}

/** The HPA starts from each app's replicas, so its maximum cannot be below them. */
function autoscalingProblems(c: PlainValues): string[] {
  if (!c.autoscalingEnabled) return [];
  return (['backend', 'frontend'] as const)
    .filter((app) => c.autoscalingMaxReplicas < c[`${app}Replicas`])
    .map((app) => {
      const replicas = c[`${app}Replicas`];
      return `${PROJECT}:autoscalingMaxReplicas (${c.autoscalingMaxReplicas}) must be at least ${app}Replicas (${replicas}); fix: pulumi config set autoscalingMaxReplicas ${replicas}`;
    });
}

/** Builds the StackConfig from keys already checked together (`crossKeyProblems` found nothing). */
function stackConfigFrom(stack: string, c: PlainValues, secrets: PresentSecrets): StackConfig {
  const ingress = ingressSettings(c);
  return {
    stack,
    environment: c.environment ?? stack,
    kubeContext: c.kubeContext,
    namespace: c.namespace,
    logLevel: c.logLevel,
    frontendUrl:
      c.frontendUrl ?? (ingress ? `${ingress.tls ? 'https' : 'http'}://${ingress.host}` : `http://localhost:${c.frontendNodePort}`),
    backend: appSettings(c, 'backend'),
    frontend: {
      ...appSettings(c, 'frontend'),
      serviceType: c.frontendServiceType ?? (ingress ? 'ClusterIP' : 'NodePort'),
      nodePort: c.frontendNodePort,
    },
    ingress,
    autoscaling: c.autoscalingEnabled
      ? { maxReplicas: c.autoscalingMaxReplicas, targetCpuUtilization: c.autoscalingTargetCpuUtilization }
      : undefined,
    llm: { provider: llmProvider(c, secrets), model: c.llmModel, maxTokens: c.llmMaxTokens, temperature: c.llmTemperature },
    assistant: { name: c.assistantName, instructions: c.assistantInstructions },
    images: imageSettings(c, secrets),
    postgres: secrets.databaseUrl
      ? undefined
      : { image: c.postgresImage, storageSize: c.postgresStorageSize, storageClass: c.postgresStorageClass },
    // Only an in-cluster database has data in the cluster to keep.
    protectDatabase: secrets.databaseUrl ? false : (c.protectDatabase ?? (c.environment ?? stack) !== 'dev'),
    secrets: {
      groqApiKey: secrets.groqApiKey,
      databaseUrl: secrets.databaseUrl,
      // Both checked by `requiredSecretProblems`: present, or the program stopped with the fix.
      jwtSecret: secrets.jwtSecret as pulumi.Output<string>,
      postgresPassword: secrets.databaseUrl ? undefined : secrets.postgresPassword,
    },
  };
}

function appSettings(c: PlainValues, app: 'backend' | 'frontend'): AppSettings {
  return {
    replicas: c[`${app}Replicas`],
    resources: {
      requests: { cpu: c[`${app}CpuRequest`], memory: c[`${app}MemoryRequest`] },
      limits: { cpu: c[`${app}CpuLimit`], memory: c[`${app}MemoryLimit`] },
    },
  };
}

function imageSettings(c: PlainValues, secrets: PresentSecrets): StackConfig['images'] {
  return {
    nodeImage: c.nodeImage,
    platform: c.imagePlatform ?? (registryRequested(c, secrets.registryPassword) ? DEFAULT_REGISTRY_PLATFORM : undefined),
    buildNetwork: c.imageBuildNetwork,
    delivery: c.imageDelivery,
    references: imageReferences(c),
    registry: registrySettings(c, secrets.registryPassword),
  };
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
