import { join } from 'node:path';
import { renderStack } from '../../infra/render/program';
import { declaredWorkload, type DeclaredEnvVar, type DeclaredProbe } from '../../infra/render/workload';

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
  /** The migration Job's env names, as `env`: the plain value, or null for a Secret's. */
  migrationEnv?: Record<string, string | null>;
}

export const repoRoot = join(__dirname, '..', '..');

/** A declared HTTP probe with Kubernetes' defaults for what the program leaves out. */
function toProbe(app: AppName, declared: DeclaredProbe | undefined): ProbeSpec | undefined {
  if (declared === undefined) return undefined;
  if (declared.kind !== 'http' || !declared.path)
    throw new Error(`${app}: declared probe without an HTTP path: ${JSON.stringify(declared)}`);
  return {
    path: declared.path,
    initialDelaySeconds: declared.initialDelaySeconds ?? 0,
    periodSeconds: declared.periodSeconds ?? 10,
    timeoutSeconds: declared.timeoutSeconds ?? 1,
    failureThreshold: declared.failureThreshold ?? 3,
  };
}

/**
 * The workload as the Pulumi program declares it (the dev stack rendered under mocks by
 * `infra/render/`), so the images and the infrastructure code cannot drift.
 */
export async function loadWorkload(app: AppName): Promise<Workload> {
  const declared = declaredWorkload(await renderStack('dev'), app);
  const security = declared.securityContext as {
    runAsUser?: number;
    runAsGroup?: number;
    readOnlyRootFilesystem?: boolean;
    allowPrivilegeEscalation?: boolean;
    capabilities?: { drop?: string[] };
  };
  const liveness = toProbe(app, declared.probes.liveness);
  const readiness = toProbe(app, declared.probes.readiness);
  if (!liveness || !readiness) throw new Error(`${app}: the program declares no liveness/readiness probe`);
  if (security.runAsUser === undefined || security.runAsGroup === undefined)
    throw new Error(`${app}: the program declares no runAsUser/runAsGroup`);
  return {
    dockerfile: declared.dockerfile,
    context: declared.context,
    buildArgs: declared.buildArgs,
    containerPort: declared.containerPort,
    env: envValues(declared.env),
    runAsUser: security.runAsUser,
    runAsGroup: security.runAsGroup,
    readOnlyRootFilesystem: security.readOnlyRootFilesystem === true,
    allowPrivilegeEscalation: security.allowPrivilegeEscalation !== false,
    dropCapabilities: security.capabilities?.drop ?? [],
    writablePaths: declared.writablePaths,
    probes: { startup: toProbe(app, declared.probes.startup), liveness, readiness },
    preStopSleepSeconds: declared.preStopSleepSeconds ?? 0,
    terminationGracePeriodSeconds: declared.terminationGracePeriodSeconds ?? 30,
    migrationCommand: declared.migrationCommand,
    migrationEnv: declared.migrationEnv && envValues(declared.migrationEnv),
  };
}

function envValues(env: readonly DeclaredEnvVar[]): Record<string, string | null> {
  return Object.fromEntries(env.map((e) => [e.name, e.secret ? null : (e.value ?? null)]));
}

/** The longest a probe may keep failing before Kubernetes acts: initialDelay + period × failureThreshold. */
export function probeBudgetMs(probe: ProbeSpec): number {
  return (probe.initialDelaySeconds + probe.periodSeconds * probe.failureThreshold) * 1000;
}
