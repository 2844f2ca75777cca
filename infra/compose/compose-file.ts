import { stringify } from 'yaml';
import type { RenderedResource } from '../render/record';
import { declaredWorkload, type DeclaredProbe, type DeclaredWorkload } from '../render/workload';

/**
 * `compose.yaml` at the repository root, generated from the Pulumi program's dev stack (rendered
 * under mocks): the two images from the same Dockerfiles, PostgreSQL, and the migration as a one-off
 * service the backend waits for, each with the env names, user, read-only root, dropped capabilities,
 * writable paths, probes (as healthchecks) and grace period its Kubernetes object declares. Only
 * what has no Kubernetes counterpart is decided here: the local image tags, the service names as
 * host names, local-only default secrets, and the one published port. `npm run compose` writes the
 * file; infra/compose/compose-file.test.ts fails when the committed file drifts from the program.
 */

export const COMPOSE_FILE = 'compose.yaml';
/** Tags of the images compose builds (never pushed; content tags are the cluster's business). */
export const COMPOSE_IMAGES = { backend: 'todo/backend:local', frontend: 'todo/frontend:local' } as const;
/** Local-only defaults, overridable from the environment or a `.env` file beside compose.yaml. */
export const LOCAL_SECRETS = {
  POSTGRES_PASSWORD: '${POSTGRES_PASSWORD:-todo-local-only}',
  JWT_SECRET: '${JWT_SECRET:-local-only-jwt-secret-change-me-0123456789abcdef}',
  GROQ_API_KEY: '${GROQ_API_KEY:-}',
} as const;

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null ? (v as Obj) : {});
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);

export interface ComposeService {
  image: string;
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  command?: string[];
  environment?: Record<string, string>;
  user: string;
  read_only: true;
  cap_drop: string[];
  security_opt: string[];
  tmpfs: string[];
  volumes?: string[];
  ports?: string[];
  expose?: string[];
  healthcheck?: { test: string[]; interval: string; timeout: string; retries: number; start_period: string };
  depends_on?: Record<string, { condition: 'service_healthy' | 'service_completed_successfully' }>;
  restart?: string;
  stop_grace_period: string;
}

export interface ComposeFileModel {
  services: Record<'postgres' | 'migrate' | 'backend' | 'frontend', ComposeService>;
  volumes: Record<string, Obj>;
}

const seconds = (value: number | undefined, fallback: number) => `${value ?? fallback}s`;

/** Kubernetes' container securityContext as Compose's user/read_only/cap_drop/security_opt. */
function hardening(securityContext: Obj): Pick<ComposeService, 'user' | 'read_only' | 'cap_drop' | 'security_opt'> {
  const { runAsUser, runAsGroup, readOnlyRootFilesystem, allowPrivilegeEscalation } = securityContext;
  const drop = obj(securityContext.capabilities).drop;
  if (
    typeof runAsUser !== 'number' ||
    typeof runAsGroup !== 'number' ||
    readOnlyRootFilesystem !== true ||
    allowPrivilegeEscalation !== false
  ) {
    throw new Error(`compose: the program's securityContext is not the hardened one compose mirrors: ${JSON.stringify(securityContext)}`);
  }
  // seccomp RuntimeDefault = Docker's default profile, which Compose applies without a setting.
  return {
    user: `${runAsUser}:${runAsGroup}`,
    read_only: true,
    cap_drop: (drop as string[] | undefined) ?? [],
    security_opt: ['no-new-privileges:true'],
  };
}

/**
 * The readiness probe as a healthcheck: the same path and timings. The startup probe's budget
 * (period x failures) becomes `start_period`, during which failed checks do not count.
 */
function httpHealthcheck(workload: DeclaredWorkload): ComposeService['healthcheck'] {
  const { readiness, startup } = workload.probes;
  if (!readiness?.path) throw new Error('compose: the program declares no HTTP readiness probe');
  const url = `http://127.0.0.1:${workload.containerPort}${readiness.path}`;
  return {
    test: ['CMD', 'node', '-e', `fetch('${url}').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`],
    ...timings(readiness, startup),
  };
}

type ProbeTiming = Pick<DeclaredProbe, 'periodSeconds' | 'timeoutSeconds' | 'failureThreshold'>;

function timings(readiness: ProbeTiming, startup: ProbeTiming | undefined) {
  return {
    interval: seconds(readiness.periodSeconds, 10),
    timeout: seconds(readiness.timeoutSeconds, 1),
    retries: readiness.failureThreshold ?? 3,
    start_period: `${startup ? (startup.periodSeconds ?? 10) * (startup.failureThreshold ?? 3) : 0}s`,
  };
}

function envOf(workload: DeclaredWorkload, values: Record<string, string>): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const variable of workload.env) {
    const value = values[variable.name] ?? variable.value;
    if (value === undefined) throw new Error(`compose: no local value for the secret ${variable.name}`);
    environment[variable.name] = value;
  }
  return environment;
}

/** The PostgreSQL StatefulSet's container, as compose runs it. */
function postgresService(rendered: readonly RenderedResource[]): { service: ComposeService; user: string; db: string; dataDir: string } {
  const statefulSet = rendered.find((r) => r.type === 'kubernetes:apps/v1:StatefulSet' && obj(r.inputs.metadata).name === 'postgres');
  if (!statefulSet) throw new Error('compose: the dev stack renders no postgres StatefulSet');
  const pod = obj(obj(obj(statefulSet.inputs.spec).template).spec);
  const container = arr(pod.containers)[0] ?? {};
  const env = Object.fromEntries(arr(container.env).map((e) => [String(e.name), e.value as string | undefined]));
  const emptyDirs = new Set(
    arr(pod.volumes)
      .filter((v) => v.emptyDir !== undefined)
      .map((v) => String(v.name)),
  );
  const mounts = arr(container.volumeMounts);
  const dataMount = mounts.find((m) => !emptyDirs.has(String(m.name)));
  const readiness = obj(container.readinessProbe);
  const user = String(env.POSTGRES_USER);
  const db = String(env.POSTGRES_DB);
  const dataDir = String(dataMount?.mountPath);
  return {
    user,
    db,
    dataDir,
    service: {
      // No registry here: CI substitutes a local image through POSTGRES_IMAGE (docs/deploy.md, "Compose").
      image: `\${POSTGRES_IMAGE:-${String(container.image)}}`,
      environment: { POSTGRES_USER: user, POSTGRES_DB: db, PGDATA: String(env.PGDATA), POSTGRES_PASSWORD: LOCAL_SECRETS.POSTGRES_PASSWORD },
      ...hardening(obj(container.securityContext)),
      tmpfs: mounts.filter((m) => emptyDirs.has(String(m.name))).map((m) => String(m.mountPath)),
      volumes: [`pgdata:${dataDir}`],
      expose: arr(container.ports).map((p) => String(p.containerPort)),
      healthcheck: {
        test: ['CMD', ...((obj(readiness.exec).command as string[] | undefined) ?? [])],
        ...timings(readiness, container.startupProbe as ProbeTiming | undefined),
      },
      stop_grace_period: seconds(pod.terminationGracePeriodSeconds as number | undefined, 30),
    },
  };
}

/** The whole compose model from a render of the dev stack. */
export function composeModel(rendered: readonly RenderedResource[], options: { frontendPort: number }): ComposeFileModel {
  const backend = declaredWorkload(rendered, 'backend');
  const frontend = declaredWorkload(rendered, 'frontend');
  const postgres = postgresService(rendered);
  if (!backend.migrationCommand) throw new Error('compose: the dev stack renders no migration Job');
  const databaseUrl = `postgresql://${postgres.user}:${LOCAL_SECRETS.POSTGRES_PASSWORD}@postgres:5432/${postgres.db}`;
  return {
    services: {
      postgres: postgres.service,
      migrate: migrateService(backend, backend.migrationCommand, databaseUrl),
      backend: backendService(backend, backendEnvironment(backend, databaseUrl, options.frontendPort)),
      frontend: frontendService(frontend, options.frontendPort),
    },
    volumes: { pgdata: {} },
  };
}

/** How compose builds a workload's image: the program's context, Dockerfile and build args. */
function buildOf(w: DeclaredWorkload): ComposeService['build'] {
  return {
    context: w.context,
    dockerfile: w.dockerfile,
    ...(Object.keys(w.buildArgs).length > 0 ? { args: w.buildArgs } : {}),
  };
}

/** The backend's env with the local stand-ins for what the cluster takes from its Secret and Ingress. */
function backendEnvironment(backend: DeclaredWorkload, databaseUrl: string, frontendPort: number): Record<string, string> {
  const environment = envOf(backend, {
    DATABASE_URL: databaseUrl,
    JWT_SECRET: LOCAL_SECRETS.JWT_SECRET,
    GROQ_API_KEY: LOCAL_SECRETS.GROQ_API_KEY,
    // The browser's origin here is the published port, not the cluster's NodePort or Ingress host.
    FRONTEND_URL: `http://localhost:${frontendPort}`,
    // Off unless a key is given: `GROQ_API_KEY=gsk_... LLM_PROVIDER=groq docker compose up`.
    LLM_PROVIDER: '${LLM_PROVIDER:-disabled}',
  });
  if (!('GROQ_API_KEY' in environment)) environment.GROQ_API_KEY = LOCAL_SECRETS.GROQ_API_KEY;
  return environment;
}

function migrateService(backend: DeclaredWorkload, command: string[], databaseUrl: string): ComposeService {
  return {
    image: COMPOSE_IMAGES.backend,
    build: buildOf(backend),
    command,
    environment: { DATABASE_URL: databaseUrl },
    ...hardening(backend.securityContext),
    tmpfs: ['/tmp'],
    depends_on: { postgres: { condition: 'service_healthy' } },
    restart: 'no',
    stop_grace_period: seconds(backend.terminationGracePeriodSeconds, 30),
  };
}

function backendService(backend: DeclaredWorkload, environment: Record<string, string>): ComposeService {
  return {
    image: COMPOSE_IMAGES.backend,
    build: buildOf(backend),
    environment,
    ...hardening(backend.securityContext),
    tmpfs: backend.writablePaths,
    expose: [String(backend.containerPort)],
    healthcheck: httpHealthcheck(backend),
    depends_on: { postgres: { condition: 'service_healthy' }, migrate: { condition: 'service_completed_successfully' } },
    stop_grace_period: seconds(backend.terminationGracePeriodSeconds, 30),
  };
}

function frontendService(frontend: DeclaredWorkload, frontendPort: number): ComposeService {
  return {
    image: COMPOSE_IMAGES.frontend,
    build: buildOf(frontend),
    environment: envOf(frontend, {}),
    ...hardening(frontend.securityContext),
    tmpfs: frontend.writablePaths,
    // The only published port, on this machine's loopback: the app at http://localhost:3000.
    ports: [`127.0.0.1:\${FRONTEND_HOST_PORT:-${frontendPort}}:${frontend.containerPort}`],
    healthcheck: httpHealthcheck(frontend),
    depends_on: { backend: { condition: 'service_healthy' } },
    stop_grace_period: seconds(frontend.terminationGracePeriodSeconds, 30),
  };
}

const HEADER = `# Generated from the Pulumi program's dev stack by \`npm run compose\` (infra/compose/compose-file.ts):
# edit the program, not this file. A test fails when the two drift.
#
#   docker compose up --build      # then open http://localhost:3000
#
# The images come from the same Dockerfiles as the cluster's; the backend, the migration and the
# frontend run as uid/gid 1001 with a read-only root, no capabilities and no privilege escalation,
# like the Deployments. Secrets default to local-only values: set POSTGRES_PASSWORD and JWT_SECRET
# (environment or a .env file here) before this serves anyone but you. GROQ_API_KEY plus
# LLM_PROVIDER=groq turn the assistant on. docs/deploy.md, section "Compose".
`;

export function composeYaml(model: ComposeFileModel): string {
  // YAML 1.1 output quotes what 1.1 parsers (docker-compose v1's PyYAML) would read as something else:
  // `no` (a boolean there) and `999:999` (a base-60 integer there). Compose v2 reads it the same.
  return `${HEADER}${stringify(model, { lineWidth: 0, version: '1.1', aliasDuplicateObjects: false })}`;
}
