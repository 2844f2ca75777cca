import type { SmokeContext, SmokeStep } from './steps';

export type StepOutcome = 'ok' | 'FAIL' | 'skip';

export interface StepResult {
  name: string;
  outcome: StepOutcome;
  durationMs: number;
  detail: string;
}

export interface SmokeResult {
  ok: boolean;
  /** The first step that failed (a failed cleanup counts too). */
  failedStep?: string;
  steps: StepResult[];
  durationMs: number;
}

/** One report line: outcome, step name, time, detail. */
export function formatStep(result: StepResult): string {
  const time = result.outcome === 'skip' ? '' : `${Math.round(result.durationMs)} ms`;
  return `  ${result.outcome.padEnd(4)}  ${result.name.padEnd(22)} ${time.padStart(8)}  ${result.detail}`.trimEnd();
}

export function formatSummary(result: SmokeResult): string {
  const seconds = (result.durationMs / 1000).toFixed(1);
  return result.ok
    ? `smoke test passed: ${result.steps.length} steps in ${seconds} s`
    : `smoke test FAILED at step "${result.failedStep}" (${seconds} s)`;
}

/**
 * Runs the steps in order, printing one line per step as it finishes. After the first failure the
 * remaining steps are skipped, except cleanup steps, which always run (so the throwaway user is
 * deleted even when a task step failed).
 */
export async function runSmoke(
  steps: readonly SmokeStep[],
  ctx: SmokeContext,
  print: (line: string) => void = (line) => console.log(line),
): Promise<SmokeResult> {
  const started = performance.now();
  const results: StepResult[] = [];
  let failedStep: string | undefined;
  for (const step of steps) {
    if (failedStep !== undefined && !step.cleanup) {
      const skipped: StepResult = { name: step.name, outcome: 'skip', durationMs: 0, detail: `after "${failedStep}" failed` };
      results.push(skipped);
      print(formatStep(skipped));
      continue;
    }
    const stepStarted = performance.now();
    let result: StepResult;
    try {
      const detail = await step.run(ctx);
      result = { name: step.name, outcome: 'ok', durationMs: performance.now() - stepStarted, detail };
    } catch (error) {
      failedStep ??= step.name;
      const detail = error instanceof Error ? errorDetail(error) : String(error);
      result = { name: step.name, outcome: 'FAIL', durationMs: performance.now() - stepStarted, detail };
    }
    results.push(result);
    print(formatStep(result));
  }
  const summary: SmokeResult = { ok: failedStep === undefined, failedStep, steps: results, durationMs: performance.now() - started };
  print(formatSummary(summary));
  return summary;
}

/** fetch's "fetch failed" says nothing: name the cause (ECONNREFUSED, a timeout) instead. */
function errorDetail(error: Error): string {
  if (error.name === 'TimeoutError') return `no answer in time (${error.message})`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (error.message === 'fetch failed' && cause) return `request failed: ${cause.code ?? cause.message ?? 'unknown cause'}`;
  return error.message;
}
