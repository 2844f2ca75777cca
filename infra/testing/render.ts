import * as pulumi from '@pulumi/pulumi';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { loadStackConfig, PROJECT, SECRET_KEYS, type SecretKey } from '../config';
import { createStack, REPO_ROOT, type StackOutputs } from '../stack';
import { installRecordingMocks, settle, type RenderedResource } from './mocks';

export type { RenderedResource } from './mocks';

/** `dev`/`prod` read `Pulumi.<stack>.yaml`; an object is the stack config itself (keys with or without `todo:`). */
export type StackInput = 'dev' | 'prod' | Record<string, unknown>;

export interface RenderOptions {
  /** Stack name for an object config. Default `dev`. */
  stack?: string;
  /** Repository root holding the Dockerfiles. Default: this repository. */
  workDir?: string;
}

/**
 * Secrets each committed stack expects its operator to set (the header of each `Pulumi.<stack>.yaml`
 * lists the commands). A render stands in a placeholder for each, passed as a secret like the CLI does.
 */
export const STACK_SECRETS: Record<'dev' | 'prod', readonly SecretKey[]> = {
  dev: [],
  prod: ['registry.password', 'databaseUrl', 'jwtSecret', 'groqApiKey'],
};

/** The placeholder a render uses for a secret the stack file cannot hold. */
export function placeholderSecret(key: string): string {
  if (key === 'databaseUrl') return 'postgresql://todo:placeholder@db.example.com:5432/todo';
  if (key === 'jwtSecret') return 'placeholder-jwt-secret-of-at-least-32-characters';
  return `placeholder-secret-for-${key}`;
}

/**
 * The config a stack file gives the program. `secure:` values cannot be decrypted without the
 * Pulumi CLI, so each becomes a recognisable placeholder (still passed as a secret).
 */
export function stackFileConfig(stack: string, root: string = REPO_ROOT): Record<string, unknown> {
  const file = path.join(root, `Pulumi.${stack}.yaml`);
  const doc = (parse(fs.readFileSync(file, 'utf8')) ?? {}) as { config?: Record<string, unknown> };
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc.config ?? {})) {
    const isSecure = typeof value === 'object' && value !== null && 'secure' in value;
    config[key] = isSecure ? placeholderSecret(key.replace(/^[^:]+:/, '')) : value;
  }
  for (const key of STACK_SECRETS[stack as 'dev' | 'prod'] ?? []) {
    config[`${PROJECT}:${key}`] ??= placeholderSecret(key);
  }
  return config;
}

function toPulumiConfig(input: Record<string, unknown>): { config: Record<string, string>; secretKeys: string[] } {
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    const fullKey = key.includes(':') ? key : `${PROJECT}:${key}`;
    config[fullKey] = typeof value === 'string' ? value : JSON.stringify(value);
    const bare = fullKey.slice(fullKey.indexOf(':') + 1);
    if ((SECRET_KEYS as readonly string[]).includes(bare)) secretKeys.push(fullKey);
  }
  return { config, secretKeys };
}

/** Everything one mocked run produced: the resources, the stack outputs and how long it took. */
export interface RenderResult {
  resources: RenderedResource[];
  outputs: Record<string, unknown>;
  durationMs: number;
}

/** Runs the whole program under `setMocks` and returns every registered resource and the outputs. */
export async function renderProgram(stack: StackInput, options: RenderOptions = {}): Promise<RenderResult> {
  const started = performance.now();
  const stackName = typeof stack === 'string' ? stack : (options.stack ?? 'dev');
  const input = typeof stack === 'string' ? stackFileConfig(stack) : stack;
  const resources = await installRecordingMocks(PROJECT, stackName);
  const { config, secretKeys } = toPulumiConfig(input);
  pulumi.runtime.setAllConfig(config, secretKeys);

  const outputs: StackOutputs = createStack(loadStackConfig(), options.workDir ?? REPO_ROOT);
  const resolved: Record<string, unknown> = {};
  await Promise.all(
    Object.entries(outputs).map(
      ([key, value]) =>
        new Promise<void>((resolve) => {
          (pulumi.output(value) as pulumi.Output<unknown>).apply((v) => {
            resolved[key] = v;
            resolve();
          });
        }),
    ),
  );
  await settle();
  return { resources: [...resources], outputs: resolved, durationMs: performance.now() - started };
}

/**
 * Every resource the program registers for a stack under `setMocks` (`{ type, name, inputs }`,
 * secrets unwrapped but listed in `secretPaths`), in registration order.
 */
export async function renderStack(stack: StackInput, options: RenderOptions = {}): Promise<RenderedResource[]> {
  return (await renderProgram(stack, options)).resources;
}

/** The Kubernetes objects among the rendered resources (what `kubectl` would see), in order. */
export function kubernetesObjects(rendered: readonly RenderedResource[]): Record<string, unknown>[] {
  return rendered
    .filter((r) => r.type.startsWith('kubernetes:') && r.type !== 'pulumi:providers:kubernetes')
    .map((r) => r.inputs);
}

export interface DeclaredProbe {
  kind: 'http' | 'exec';
  path?: string;
  /** The container port number the probe targets. */
  port?: number;
  command?: string[];
  periodSeconds?: number;
  timeoutSeconds?: number;
  failureThreshold?: number;
  successThreshold?: number;
  initialDelaySeconds?: number;
}

export interface DeclaredEnvVar {
  name: string;
  /** True when the value comes from a Secret; `value` is then undefined. */
  secret: boolean;
  /** The plain value (literal or from the ConfigMap); undefined for secrets. */
  value?: string;
}

/** How the program runs one app: what the container suite needs to build and run it the same way. */
export interface DeclaredWorkload {
  /** Relative to the repository root, e.g. `apps/backend/Dockerfile`. */
  dockerfile: string;
  /** Relative to the repository root; `.` is the root. */
  context: string;
  buildArgs: Record<string, string>;
  /** The full image reference the Deployment runs (`todo/backend:<tag>`). */
  image: string;
  imagePullPolicy: string;
  containerPort: number;
  env: DeclaredEnvVar[];
  /** Container-level security context (uid/gid, read-only root, capabilities, seccomp). */
  securityContext: Record<string, unknown>;
  /** Paths mounted as writable emptyDir volumes under the read-only root. */
  writablePaths: string[];
  probes: { startup?: DeclaredProbe; liveness?: DeclaredProbe; readiness?: DeclaredProbe };
  preStopSleepSeconds?: number;
  terminationGracePeriodSeconds?: number;
  resources: Record<string, unknown>;
  /** The migration Job's command (backend only): runs in the same image. */
  migrationCommand?: string[];
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null ? (v as Obj) : {});
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);

function find(rendered: readonly RenderedResource[], type: string, name: string): RenderedResource | undefined {
  return rendered.find((r) => r.type === type && obj(r.inputs.metadata).name === name);
}

/** Reads the rendered Deployment (and its image, ConfigMap, Secret, Job) of `backend` or `frontend`. */
export function declaredWorkload(rendered: readonly RenderedResource[], app: 'backend' | 'frontend'): DeclaredWorkload {
  const image = rendered.find((r) => r.type === 'docker:index/image:Image' && r.name === `${app}-image`);
  const deployment = find(rendered, 'kubernetes:apps/v1:Deployment', app);
  if (!image || !deployment) throw new Error(`declaredWorkload: no image or Deployment named ${app} was rendered`);
  const build = obj(image.inputs.build);
  const podSpec = obj(obj(obj(deployment.inputs.spec).template).spec);
  const container = arr(podSpec.containers)[0] ?? {};
  const ports = arr(container.ports);
  const portByName = new Map(ports.map((p) => [String(p.name), Number(p.containerPort)]));

  const env: DeclaredEnvVar[] = [];
  for (const e of arr(container.env)) {
    const fromSecret = obj(e.valueFrom).secretKeyRef !== undefined;
    env.push({ name: String(e.name), secret: fromSecret, value: fromSecret ? undefined : (e.value as string | undefined) });
  }
  for (const source of arr(container.envFrom)) {
    const configMapName = obj(source.configMapRef).name;
    const secretName = obj(source.secretRef).name;
    if (configMapName !== undefined) {
      const cm = find(rendered, 'kubernetes:core/v1:ConfigMap', String(configMapName));
      for (const [name, value] of Object.entries(obj(cm?.inputs.data))) env.push({ name, secret: false, value: String(value) });
    }
    if (secretName !== undefined) {
      const secret = find(rendered, 'kubernetes:core/v1:Secret', String(secretName));
      for (const name of Object.keys({ ...obj(secret?.inputs.data), ...obj(secret?.inputs.stringData) })) {
        env.push({ name, secret: true });
      }
    }
  }

  const probe = (p: unknown): DeclaredProbe | undefined => {
    if (p === undefined) return undefined;
    const { httpGet, exec, ...timing } = obj(p);
    const port = obj(httpGet).port;
    return {
      kind: httpGet ? 'http' : 'exec',
      path: httpGet ? String(obj(httpGet).path) : undefined,
      port: httpGet ? (typeof port === 'number' ? port : portByName.get(String(port))) : undefined,
      command: exec ? (obj(exec).command as string[]) : undefined,
      ...(timing as Omit<DeclaredProbe, 'kind'>),
    };
  };

  const emptyDirs = new Set(arr(podSpec.volumes).filter((v) => v.emptyDir !== undefined).map((v) => String(v.name)));
  const job = rendered.find((r) => r.type === 'kubernetes:batch/v1:Job' && String(obj(r.inputs.metadata).name).startsWith(`${app}-migrate-`));
  const jobContainer = arr(obj(obj(obj(job?.inputs.spec).template).spec).containers)[0];

  return {
    dockerfile: String(build.dockerfile),
    context: String(build.context),
    buildArgs: obj(build.args) as Record<string, string>,
    image: String(container.image),
    imagePullPolicy: String(container.imagePullPolicy),
    containerPort: Number(portByName.get('http') ?? ports[0]?.containerPort),
    env,
    securityContext: obj(container.securityContext),
    writablePaths: arr(container.volumeMounts).filter((m) => emptyDirs.has(String(m.name))).map((m) => String(m.mountPath)),
    probes: {
      startup: probe(container.startupProbe),
      liveness: probe(container.livenessProbe),
      readiness: probe(container.readinessProbe),
    },
    preStopSleepSeconds: obj(obj(obj(container.lifecycle).preStop).sleep).seconds as number | undefined,
    terminationGracePeriodSeconds: podSpec.terminationGracePeriodSeconds as number | undefined,
    resources: obj(container.resources),
    migrationCommand: jobContainer ? (jobContainer.command as string[]) : undefined,
  };
}
