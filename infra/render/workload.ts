import type { RenderedResource } from './record';

/**
 * How the program runs one app, read back from a render: what the container suite needs to build
 * and run an image exactly as the Deployment (and, for the backend, the migration Job) declares it.
 */
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
  /** The migration Job's env (backend only), read like `env`. */
  migrationEnv?: DeclaredEnvVar[];
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
  const env = declaredEnv(rendered, container);

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

  const emptyDirs = new Set(
    arr(podSpec.volumes)
      .filter((v) => v.emptyDir !== undefined)
      .map((v) => String(v.name)),
  );
  const job = rendered.find(
    (r) => r.type === 'kubernetes:batch/v1:Job' && String(obj(r.inputs.metadata).name).startsWith(`${app}-migrate-`),
  );
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
    writablePaths: arr(container.volumeMounts)
      .filter((m) => emptyDirs.has(String(m.name)))
      .map((m) => String(m.mountPath)),
    probes: {
      startup: probe(container.startupProbe),
      liveness: probe(container.livenessProbe),
      readiness: probe(container.readinessProbe),
    },
    preStopSleepSeconds: obj(obj(obj(container.lifecycle).preStop).sleep).seconds as number | undefined,
    terminationGracePeriodSeconds: podSpec.terminationGracePeriodSeconds as number | undefined,
    resources: obj(container.resources),
    migrationCommand: jobContainer ? (jobContainer.command as string[]) : undefined,
    migrationEnv: jobContainer ? declaredEnv(rendered, jobContainer) : undefined,
  };
}

/** A container's env: literal values, ConfigMap values, and the names of Secret-backed variables. */
function declaredEnv(rendered: readonly RenderedResource[], container: Obj): DeclaredEnvVar[] {
  const env: DeclaredEnvVar[] = [];
  for (const e of arr(container.env)) {
    const fromSecret = obj(e.valueFrom).secretKeyRef !== undefined;
    env.push({ name: String(e.name), secret: fromSecret, value: fromSecret ? undefined : (e.value as string | undefined) });
  }
  for (const source of arr(container.envFrom)) {
    const configMapName = obj(source.configMapRef).name;
    const secretName = obj(source.secretRef).name;
    if (typeof configMapName === 'string') {
      const cm = find(rendered, 'kubernetes:core/v1:ConfigMap', configMapName);
      for (const [name, value] of Object.entries(obj(cm?.inputs.data))) env.push({ name, secret: false, value: String(value) });
    }
    if (typeof secretName === 'string') {
      const secret = find(rendered, 'kubernetes:core/v1:Secret', secretName);
      for (const name of Object.keys({ ...obj(secret?.inputs.data), ...obj(secret?.inputs.stringData) })) {
        env.push({ name, secret: true });
      }
    }
  }
  return env;
}
