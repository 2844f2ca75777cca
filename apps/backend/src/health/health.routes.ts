import { healthPaths, type HealthCheck, type HealthReport, type HealthStatus, type ProbeResponse } from '@todo/contracts';
import { Router } from 'express';
import type { AssistantConfig } from '../config';
import type { SchemaStatus } from '../db/schema-status';
import type { Feature } from '../feature';
import type { Lifecycle } from '../lifecycle';

export interface HealthDeps {
  lifecycle: Lifecycle;
  /** Rejects when the database does not answer in time. */
  pingDatabase: () => Promise<void>;
  /** Which committed migrations the database lacks: readiness waits until none. */
  schema: SchemaStatus;
  assistant: Pick<AssistantConfig, 'enabled' | 'provider'>;
  version: string;
}

const rank: Record<HealthStatus, number> = { healthy: 0, degraded: 1, unhealthy: 2 };

async function timed(check: () => Promise<void>): Promise<HealthCheck> {
  const start = performance.now();
  try {
    await check();
    return { status: 'healthy', latencyMs: Math.round((performance.now() - start) * 10) / 10 };
  } catch (error) {
    return {
      status: 'unhealthy',
      latencyMs: Math.round((performance.now() - start) * 10) / 10,
      message: error instanceof Error ? error.message : 'check failed',
    };
  }
}

/**
 * The probes' endpoints, mounted outside `/api/v1`: startup = initialisation done; live = the
 * process can serve (no dependency checks, so a database outage never restarts pods); ready = the
 * database answers, has every committed migration, and we are not shutting down; `/health` = every
 * check with status and latency.
 */
export function createHealthFeature(deps: HealthDeps): Feature {
  const router = Router();
  const probe = (res: import('express').Response, status: number, body: ProbeResponse) =>
    res.status(status).set('cache-control', 'no-store').json(body);

  router.get(healthPaths.startup, (_req, res) => {
    if (deps.lifecycle.started) probe(res, 200, { status: 'ok' });
    else probe(res, 503, { status: 'starting' });
  });

  router.get(healthPaths.live, (_req, res) => {
    probe(res, 200, { status: 'ok' });
  });

  router.get(healthPaths.ready, async (_req, res) => {
    if (deps.lifecycle.shuttingDown) return probe(res, 503, { status: 'shutting_down' });
    if (!deps.lifecycle.started) return probe(res, 503, { status: 'starting' });
    const database = await timed(deps.pingDatabase);
    // A pod whose code expects a migration the database lacks must take no traffic: every query
    // touching it would fail. Cheap once current (see createSchemaStatus).
    const missing = database.status === 'healthy' ? await deps.schema.missingMigrations().catch(() => undefined) : undefined;
    // Re-check: shutdown may have begun while the queries were in flight.
    if (deps.lifecycle.shuttingDown) return probe(res, 503, { status: 'shutting_down' });
    if (missing === undefined) return probe(res, 503, { status: 'unavailable' });
    if (missing.length > 0) return probe(res, 503, { status: 'schema_outdated', missingMigrations: missing });
    return probe(res, 200, { status: 'ok' });
  });

  router.get(healthPaths.report, async (_req, res) => {
    const checks: Record<string, HealthCheck> = {
      database: await timed(deps.pingDatabase),
      schema: await timed(async () => {
        const missing = await deps.schema.missingMigrations();
        if (missing.length > 0)
          throw new Error(`missing migrations: ${missing.join(', ')} (the migration Job, node dist/migrate.js, applies them)`);
      }),
      // Configuration only: calling the provider from a health check would spend quota per probe.
      assistant: deps.assistant.enabled
        ? { status: 'healthy', latencyMs: 0 }
        : {
            status: 'degraded',
            latencyMs: 0,
            message:
              deps.assistant.provider === 'disabled'
                ? 'assistant disabled (LLM_PROVIDER=disabled)'
                : 'assistant disabled: GROQ_API_KEY is not set',
          },
    };
    if (deps.lifecycle.shuttingDown) {
      checks.lifecycle = { status: 'unhealthy', latencyMs: 0, message: 'shutting down' };
    }
    const status = Object.values(checks).reduce<HealthStatus>(
      (worst, check) => (rank[check.status] > rank[worst] ? check.status : worst),
      'healthy',
    );
    const body: HealthReport = {
      status,
      version: deps.version,
      uptimeSeconds: Math.round((Date.now() - deps.lifecycle.startedAt.getTime()) / 1000),
      checks,
    };
    res
      .status(status === 'unhealthy' ? 503 : 200)
      .set('cache-control', 'no-store')
      .json(body);
  });

  return { router };
}
