import type * as k8s from '@pulumi/kubernetes';
import { frontendHealthPath, healthPaths } from '@todo/contracts';

type Probe = k8s.types.input.core.v1.Probe;

/** The health endpoints a web workload exposes; the paths come from the API contract. */
export interface HealthPaths {
  startup: string;
  liveness: string;
  readiness: string;
}

export const BACKEND_HEALTH: HealthPaths = {
  startup: healthPaths.startup,
  liveness: healthPaths.live,
  readiness: healthPaths.ready,
};
export const FRONTEND_HEALTH: HealthPaths = { startup: frontendHealthPath, liveness: frontendHealthPath, readiness: frontendHealthPath };

/**
 * Probe timings from the design table. The startup probe gives a slow start up to 5 s x 30 = 150 s
 * before liveness takes over, so liveness can stay strict (3 misses of 10 s) without an initial delay.
 */
export const PROBE_TIMINGS = {
  startup: { periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 30 },
  liveness: { periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
  readiness: { periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 },
} as const;

function httpGet(path: string, port: string, timing: (typeof PROBE_TIMINGS)[keyof typeof PROBE_TIMINGS]): Probe {
  return { httpGet: { path, port, scheme: 'HTTP' }, ...timing, successThreshold: 1 };
}

/** Startup, liveness and readiness probes over HTTP on the named container port. */
export function httpProbes(paths: HealthPaths, portName: string): { startupProbe: Probe; livenessProbe: Probe; readinessProbe: Probe } {
  return {
    startupProbe: httpGet(paths.startup, portName, PROBE_TIMINGS.startup),
    livenessProbe: httpGet(paths.liveness, portName, PROBE_TIMINGS.liveness),
    readinessProbe: httpGet(paths.readiness, portName, PROBE_TIMINGS.readiness),
  };
}

/** `pg_isready` probes for PostgreSQL; it answers only once the server accepts connections. */
export function pgIsReadyProbes(
  user: string,
  database: string,
): {
  startupProbe: Probe;
  livenessProbe: Probe;
  readinessProbe: Probe;
} {
  const exec = { command: ['pg_isready', '-h', '127.0.0.1', '-p', '5432', '-U', user, '-d', database] };
  return {
    startupProbe: { exec, ...PROBE_TIMINGS.startup, successThreshold: 1 },
    livenessProbe: { exec, ...PROBE_TIMINGS.liveness, successThreshold: 1 },
    readinessProbe: { exec, ...PROBE_TIMINGS.readiness, successThreshold: 1 },
  };
}
