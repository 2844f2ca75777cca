import { http, sleep } from './docker';
import { probeBudgetMs, type ProbeSpec } from './workload';

export interface ProbeOutcome {
  /** ms from the start of waiting until the probe first answered 2xx/3xx within its timeout. */
  passedAfterMs: number;
  budgetMs: number;
  attempts: number;
}

/** Is the probe passing now, as the kubelet judges it (HTTP 200-399 within timeoutSeconds)? */
export async function probeOnce(baseUrl: string, probe: ProbeSpec): Promise<number | string> {
  try {
    const answer = await http(`${baseUrl}${probe.path}`, { timeoutMs: probe.timeoutSeconds * 1000 });
    return answer.status;
  } catch (error) {
    return (error as Error).message;
  }
}

const passes = (status: number | string): boolean => typeof status === 'number' && status >= 200 && status < 400;

/**
 * Polls (every 200 ms, finer than the kubelet) until the probe passes; rejects when it has not passed
 * within its declared budget (initialDelay + period × failureThreshold), i.e. when Kubernetes would
 * have restarted (startup/liveness) or never readied (readiness) the container.
 */
export async function waitForProbe(baseUrl: string, probe: ProbeSpec, startedAt = Date.now()): Promise<ProbeOutcome> {
  const budgetMs = probeBudgetMs(probe);
  let attempts = 0;
  let last: number | string = 'not probed';
  while (Date.now() - startedAt <= budgetMs) {
    attempts += 1;
    last = await probeOnce(baseUrl, probe);
    if (passes(last)) return { passedAfterMs: Date.now() - startedAt, budgetMs, attempts };
    await sleep(200);
  }
  throw new Error(`${probe.path} did not pass within its budget of ${budgetMs} ms (last answer: ${last})`);
}

/** Polls until the probe answers `status` (e.g. 503), within `budgetMs`; returns the ms it took. */
export async function waitForStatus(url: string, status: number, budgetMs: number, timeoutMs = 3_000): Promise<number> {
  const startedAt = Date.now();
  let last: number | string = 'not probed';
  while (Date.now() - startedAt <= budgetMs) {
    try {
      last = (await http(url, { timeoutMs })).status;
    } catch (error) {
      last = (error as Error).message;
    }
    if (last === status) return Date.now() - startedAt;
    await sleep(200);
  }
  throw new Error(`${url} did not answer ${status} within ${budgetMs} ms (last answer: ${last})`);
}
