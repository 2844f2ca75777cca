import autocannon from 'autocannon';

export interface LoadOptions {
  title: string;
  url: string;
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  /** Request body; `[<id>]` in it becomes a fresh random id per request. */
  body?: string;
  connections: number;
  durationSeconds: number;
  /** Requests per second over all connections; unlimited when absent. */
  overallRate?: number;
  /** The path of each request in turn (e.g. the next task of a pool); `url`'s path when absent. */
  pathFor?: () => string;
  /** Ends the run early when it settles (durationSeconds is then the upper bound). */
  until?: Promise<unknown>;
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

/** autocannon's per-request hook (its README, `requests[].setupRequest`): the request with the next path. */
const withPath =
  (pathFor: () => string) =>
  <Request extends { path?: string }>(request: Request): Request => ({ ...request, path: pathFor() });

/** Runs autocannon against `url` and keeps the figures the bench reports. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const instance = autocannon({
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
    ...(options.pathFor ? { requests: [{ setupRequest: withPath(options.pathFor) }] } : {}),
  });
  void options.until?.then(() => instance.stop());
  const result = await instance;
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([status, { count }]) => [status, Number(count)]));
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

/**
 * One figure from several rounds of the same load: mean throughput and median latency, the worst
 * p99 (a target on p99 must hold in every round), and the counts summed.
 */
export function combineRounds(title: string, rounds: LoadResult[]): LoadResult {
  if (rounds.length === 0) throw new Error('combineRounds needs at least one round');
  const mean = (pick: (round: LoadResult) => number) => rounds.reduce((sum, round) => sum + pick(round), 0) / rounds.length;
  const sum = (pick: (round: LoadResult) => number) => rounds.reduce((total, round) => total + pick(round), 0);
  const statusCodes: Record<string, number> = {};
  for (const round of rounds) {
    for (const [status, count] of Object.entries(round.statusCodes)) statusCodes[status] = (statusCodes[status] ?? 0) + count;
  }
  return {
    title,
    requestsPerSecond: mean((round) => round.requestsPerSecond),
    p50Ms: mean((round) => round.p50Ms),
    p99Ms: Math.max(...rounds.map((round) => round.p99Ms)),
    requests: sum((round) => round.requests),
    errors: sum((round) => round.errors),
    non2xx: sum((round) => round.non2xx),
    statusCodes,
  };
}
