import { z } from 'zod';

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

/** Body of the probe endpoints (`/health/startup`, `/health/live`, `/health/ready`). */
export const probeResponseSchema = z.object({ status: z.enum(['ok', 'starting', 'unavailable', 'shutting_down']) });
export type ProbeResponse = z.infer<typeof probeResponseSchema>;
