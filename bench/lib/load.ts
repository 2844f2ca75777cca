import autocannon from 'autocannon';

export interface LoadOptions {
  title: string;
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Request body; `[<id>]` in it becomes a fresh random id per request. */
  body?: string;
  connections: number;
  durationSeconds: number;
  /** Requests per second over all connections; unlimited when absent. */
  overallRate?: number;
}

export interface LoadResult {
  title: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Connection errors and timeouts: requests that got no response at all. */
  errors: number;
  non2xx: number;
  statusCodes: Record<string, number>;
}

/** Runs autocannon against `url` and keeps the figures the bench reports. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    title: options.title,
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    idReplacement: options.body?.includes('[<id>]') ?? false,
    connections: options.connections,
    duration: options.durationSeconds,
    overallRate: options.overallRate,
    timeout: 10,
  });
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([status, { count }]) => [status, Number(count)]),
  );
  return {
    title: options.title,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: Object.values(statusCodes).reduce((sum, count) => sum + count, 0),
    errors: result.errors,
    non2xx: result.non2xx,
    statusCodes,
  };
}
