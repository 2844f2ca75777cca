import { existsSync } from 'node:fs';
import { join } from 'node:path';

export type AppName = 'backend' | 'frontend';

/** One Kubernetes HTTP probe, as the suite runs it. */
export interface ProbeSpec {
  path: string;
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  failureThreshold: number;
}

/** What the suite needs to build and run one image the way its Deployment declares it. */
export interface Workload {
  /** `infra` when read from the Pulumi program under mocks, `design` when that program is not there yet. */
  source: 'infra' | 'design';
  dockerfile: string;
  context: string;
  /** Build args the program passes (none on dev: the Dockerfiles' defaults). */
  buildArgs: Record<string, string>;
  containerPort: number;
  /** Env names the Deployment sets; the plain value where it is not a secret, else null. */
  env: Record<string, string | null>;
  runAsUser: number;
  runAsGroup: number;
  readOnlyRootFilesystem: boolean;
  allowPrivilegeEscalation: boolean;
  dropCapabilities: string[];
  /** Paths the Deployment mounts writable (emptyDir); run as tmpfs here. */
  writablePaths: string[];
  probes: { startup?: ProbeSpec; liveness: ProbeSpec; readiness: ProbeSpec };
  preStopSleepSeconds: number;
  terminationGracePeriodSeconds: number;
  /** The migration Job's command (backend): runs in the same image. */
  migrationCommand?: string[];
}

export const repoRoot = join(__dirname, '..', '..');

/** DESIGN.md's table, used only until `infra/testing/render.ts` exists. */
const designDefaults: Record<AppName, Workload> = {
  backend: {
    source: 'design',
    dockerfile: 'apps/backend/Dockerfile',
    context: '.',
    buildArgs: {},
    containerPort: 8000,
    env: {
      PORT: '8000',
      DATABASE_URL: null,
      JWT_SECRET: null,
      GROQ_API_KEY: null,
      FRONTEND_URL: 'http://localhost:30080',
      LOG_LEVEL: 'info',
      LLM_PROVIDER: 'disabled',
    },
    runAsUser: 1001,
    runAsGroup: 1001,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
    dropCapabilities: ['ALL'],
    writablePaths: [],
    probes: {
      startup: { path: '/health/startup', initialDelaySeconds: 0, periodSeconds: 5, timeoutSeconds: 1, failureThreshold: 30 },
      liveness: { path: '/health/live', initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
      readiness: { path: '/health/ready', initialDelaySeconds: 0, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 },
    },
    preStopSleepSeconds: 5,
    terminationGracePeriodSeconds: 30,
    migrationCommand: ['prisma', 'migrate', 'deploy'],
  },
  frontend: {
    source: 'design',
    dockerfile: 'apps/frontend/Dockerfile',
    context: '.',
    buildArgs: {},
    containerPort: 3000,
    env: { PORT: '3000', BACKEND_URL: 'http://backend:8000' },
    runAsUser: 1001,
    runAsGroup: 1001,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
    dropCapabilities: ['ALL'],
    writablePaths: ['/app/apps/frontend/.next/cache'],
    probes: {
      startup: { path: '/api/health', initialDelaySeconds: 0, periodSeconds: 5, timeoutSeconds: 1, failureThreshold: 30 },
      liveness: { path: '/api/health', initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
      readiness: { path: '/api/health', initialDelaySeconds: 0, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 },
    },
    preStopSleepSeconds: 5,
    terminationGracePeriodSeconds: 30,
  },
};

type Loose = Record<string, unknown>;
const isObject = (value: unknown): value is Loose => typeof value === 'object' && value !== null && !Array.isArray(value);
const num = (value: unknown, fallback: number): number => (typeof value === 'number' ? value : fallback);

/** A Kubernetes probe object (or the render helper's flattened form) → ProbeSpec. */
function toProbe(raw: unknown, fallback: ProbeSpec | undefined): ProbeSpec | undefined {
  if (!isObject(raw)) return fallback;
  const httpGet = isObject(raw.httpGet) ? raw.httpGet : raw;
  const path = typeof httpGet.path === 'string' ? httpGet.path : fallback?.path;
  if (!path) throw new Error(`declared probe without an HTTP path: ${JSON.stringify(raw)}`);
  // Kubernetes defaults where the program leaves a field out.
  return {
    path,
    initialDelaySeconds: num(raw.initialDelaySeconds, 0),
    periodSeconds: num(raw.periodSeconds, 10),
    timeoutSeconds: num(raw.timeoutSeconds, 1),
    failureThreshold: num(raw.failureThreshold, 3),
  };
}

/** `[{ name, value?, secret? }]`, `{ NAME: value | { secret } }` → `{ NAME: plain value | null }`. */
function toEnv(raw: unknown): Record<string, string | null> {
  const env: Record<string, string | null> = {};
  const put = (name: string, value: unknown, secret: boolean): void => {
    env[name] = !secret && (typeof value === 'string' || typeof value === 'number') ? String(value) : null;
  };
  if (Array.isArray(raw)) {
    for (const item of raw) {
      if (typeof item === 'string') env[item] = null;
      else if (isObject(item) && typeof item.name === 'string') put(item.name, item.value, item.secret === true || isObject(item.valueFrom));
    }
  } else if (isObject(raw)) {
    for (const [name, value] of Object.entries(raw)) {
      if (isObject(value)) put(name, value.value, value.secret === true || 'secretKeyRef' in value);
      else put(name, value, false);
    }
  }
  return env;
}

interface RenderedResource {
  type: string;
  name: string;
  inputs: Loose;
}
interface RenderModule {
  renderStack(stack: 'dev'): Promise<RenderedResource[]> | RenderedResource[];
  declaredWorkload(rendered: RenderedResource[], app: AppName): Loose;
}

/** The emptyDir mount paths of the app's Deployment container, when the rendered program has them. */
function writablePathsFrom(rendered: RenderedResource[], app: AppName): string[] | undefined {
  const deployment = rendered.find(
    (r) => r.type === 'kubernetes:apps/v1:Deployment' && isObject(r.inputs.metadata) && r.inputs.metadata.name === app,
  ) ?? rendered.find((r) => r.type === 'kubernetes:apps/v1:Deployment' && r.name.includes(app));
  const podSpec = (deployment?.inputs.spec as Loose | undefined)?.template as Loose | undefined;
  const spec = podSpec?.spec as Loose | undefined;
  if (!spec || !Array.isArray(spec.containers)) return undefined;
  const emptyDirs = new Set(
    (Array.isArray(spec.volumes) ? spec.volumes : []).filter((v: Loose) => isObject(v.emptyDir)).map((v: Loose) => v.name),
  );
  const container = spec.containers.find((c: Loose) => c.name === app) ?? spec.containers[0];
  const mounts = Array.isArray(container?.volumeMounts) ? (container.volumeMounts as Loose[]) : [];
  return mounts.filter((m) => emptyDirs.has(m.name)).map((m) => String(m.mountPath));
}

/**
 * The workload as the Pulumi program declares it (`infra/testing/render.ts`, mocked resources), so the
 * images and the infrastructure code cannot drift; DESIGN.md's values while that file does not exist.
 */
export async function loadWorkload(app: AppName): Promise<Workload> {
  const fallback = designDefaults[app];
  const renderPath = join(repoRoot, 'infra', 'testing', 'render.ts');
  if (!existsSync(renderPath)) return fallback;

  // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional module, loaded only when present
  const render = require(renderPath) as RenderModule;
  const rendered = await render.renderStack('dev');
  const declared = render.declaredWorkload(rendered, app);
  const security = isObject(declared.securityContext) ? declared.securityContext : {};
  const capabilities = isObject(security.capabilities) ? security.capabilities : {};
  const probes = isObject(declared.probes) ? declared.probes : {};
  const str = (value: unknown, fallbackValue: string): string => (typeof value === 'string' ? value : fallbackValue);
  const liveness = toProbe(probes.liveness ?? probes.livenessProbe, fallback.probes.liveness);
  const readiness = toProbe(probes.readiness ?? probes.readinessProbe, fallback.probes.readiness);
  if (!liveness || !readiness) throw new Error(`${app}: the program declares no liveness/readiness probe`);
  return {
    source: 'infra',
    dockerfile: str(declared.dockerfile, fallback.dockerfile).replace(/^\.\//, '').replace(`${repoRoot}/`, ''),
    context: str(declared.context, fallback.context).replace(repoRoot, '.') || '.',
    buildArgs: isObject(declared.buildArgs) ? (Object.fromEntries(Object.entries(declared.buildArgs).map(([k, v]) => [k, String(v)])) as Record<string, string>) : {},
    containerPort: num(declared.containerPort, fallback.containerPort),
    env: toEnv(declared.env),
    runAsUser: num(security.runAsUser, fallback.runAsUser),
    runAsGroup: num(security.runAsGroup, fallback.runAsGroup),
    readOnlyRootFilesystem: security.readOnlyRootFilesystem === true,
    allowPrivilegeEscalation: security.allowPrivilegeEscalation !== false,
    dropCapabilities: Array.isArray(capabilities.drop) ? capabilities.drop.map(String) : [],
    writablePaths: Array.isArray(declared.writablePaths)
      ? declared.writablePaths.map(String)
      : (writablePathsFrom(rendered, app) ?? fallback.writablePaths),
    probes: { startup: toProbe(probes.startup ?? probes.startupProbe, undefined), liveness, readiness },
    preStopSleepSeconds: num(declared.preStopSleepSeconds, fallback.preStopSleepSeconds),
    terminationGracePeriodSeconds: num(declared.terminationGracePeriodSeconds, fallback.terminationGracePeriodSeconds),
    migrationCommand: Array.isArray(declared.migrationCommand) ? declared.migrationCommand.map(String) : fallback.migrationCommand,
  };
}

/** The longest a probe may keep failing before Kubernetes acts: initialDelay + period × failureThreshold. */
export function probeBudgetMs(probe: ProbeSpec): number {
  return (probe.initialDelaySeconds + probe.periodSeconds * probe.failureThreshold) * 1000;
}
