import { z } from 'zod';

/**
 * The backend's health endpoints (outside `/api/v1`): the Kubernetes probes and the detailed report.
 * The backend mounts them and the Pulumi program's probes point at them.
 */
export const healthPaths = {
  /** 200 once initialisation finished. */
  startup: '/health/startup',
  /** 200 while the process can serve; no dependency checks. */
  live: '/health/live',
  /** 200 when the database answers and the schema is current; 503 otherwise and while shutting down. */
  ready: '/health/ready',
  /** Every check with its status and latency. */
  report: '/health',
} as const;

/** The frontend's one health endpoint (no backend dependency): all three probes use it. */
export const frontendHealthPath = '/api/health';

export const healthStatusSchema = z.enum(['healthy', 'degraded', 'unhealthy']);
export type HealthStatus = z.infer<typeof healthStatusSchema>;

export const healthCheckSchema = z.object({
  status: healthStatusSchema,
  latencyMs: z.number().nonnegative(),
  message: z.string().optional(),
});
export type HealthCheck = z.infer<typeof healthCheckSchema>;

/** Body of `GET /health`: every dependency check with its status and latency. */
export const healthReportSchema = z.object({
  status: healthStatusSchema,
  version: z.string(),
  uptimeSeconds: z.number().nonnegative(),
  checks: z.record(z.string(), healthCheckSchema),
});
export type HealthReport = z.infer<typeof healthReportSchema>;

/**
 * Body of the probe endpoints (`/health/startup`, `/health/live`, `/health/ready`). Readiness says
 * `schema_outdated`, with the committed migrations the database lacks, until the migration ran.
 */
export const probeResponseSchema = z.object({
  status: z.enum(['ok', 'starting', 'unavailable', 'schema_outdated', 'shutting_down']),
  missingMigrations: z.array(z.string()).optional(),
});
export type ProbeResponse = z.infer<typeof probeResponseSchema>;
