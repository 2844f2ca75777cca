import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export interface Metrics {
  /** Per-app registry: other modules (the assistant's LLM metrics) register into it. */
  registry: Registry;
  httpRequestDuration: Histogram<'method' | 'route' | 'status'>;
}

/**
 * A fresh registry per app, so tests can build many apps in one process. Labels are route
 * templates (`/api/v1/tasks/:id`), never raw paths, so ids and query strings cannot blow up
 * cardinality or leak into metrics.
 */
export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const httpRequestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration in seconds, by method, route template and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return { registry, httpRequestDuration };
}
