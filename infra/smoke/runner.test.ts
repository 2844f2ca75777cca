import { formatStep, runSmoke } from './runner';
import { SmokeStepError, type SmokeContext, type SmokeStep } from './steps';

const ctx = (): SmokeContext => ({
  frontDoor: { baseUrl: 'http://front.test', request: () => Promise.reject(new Error('unused')), cookieNames: () => [] },
  backendProbes: [],
  probeTimeoutMs: 100,
  state: {},
});

const passing = (name: string, detail = 'fine'): SmokeStep => ({ name, run: async () => detail });
const failing = (name: string, message: string): SmokeStep => ({
  name,
  run: async () => {
    throw new SmokeStepError(message);
  },
});

describe('runSmoke', () => {
  it('when every step passes, then one ok line per step with its time, a summary, and ok', async () => {
    const lines: string[] = [];

    const result = await runSmoke([passing('first', 'one'), passing('second', 'two')], ctx(), (line) => lines.push(line));

    expect(result.ok).toBe(true);
    expect(result.failedStep).toBeUndefined();
    expect(result.steps.map((s) => [s.name, s.outcome, s.detail])).toEqual([
      ['first', 'ok', 'one'],
      ['second', 'ok', 'two'],
    ]);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^ {2}ok {4}first {18}\s+\d+ ms {2}one$/);
    expect(lines[2]).toMatch(/^smoke test passed: 2 steps in \d+\.\d s$/);
  });

  it('when a step fails, then it is named, later steps are skipped, and cleanup steps still run', async () => {
    const lines: string[] = [];
    const cleanup = jest.fn(async () => 'cleaned');

    const result = await runSmoke(
      [
        passing('health'),
        failing('sign up', 'POST /api/session/signup answered 503 service_unavailable'),
        passing('create task'),
        { name: 'delete user', cleanup: true, run: cleanup },
      ],
      ctx(),
      (line) => lines.push(line),
    );

    expect(result.ok).toBe(false);
    expect(result.failedStep).toBe('sign up');
    expect(result.steps.map((s) => s.outcome)).toEqual(['ok', 'FAIL', 'skip', 'ok']);
    expect(cleanup).toHaveBeenCalledTimes(1);
    expect(lines[1]).toContain('FAIL  sign up');
    expect(lines[1]).toContain('POST /api/session/signup answered 503 service_unavailable');
    expect(lines[2]).toBe(`  skip  create task${' '.repeat(22)}after "sign up" failed`);
    expect(lines[4]).toMatch(/^smoke test FAILED at step "sign up" \(\d+\.\d s\)$/);
  });

  it('when only the cleanup fails, then the run fails naming the cleanup step', async () => {
    const result = await runSmoke(
      [passing('health'), { ...failing('delete user', 'DELETE answered 500'), cleanup: true }],
      ctx(),
      () => {},
    );

    expect(result.ok).toBe(false);
    expect(result.failedStep).toBe('delete user');
  });

  it('when fetch fails with a bare "fetch failed", then the line names the cause code', async () => {
    const lines: string[] = [];
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });

    await runSmoke([{ name: 'health', run: () => Promise.reject(refused) }], ctx(), (line) => lines.push(line));

    expect(lines[0]).toContain('request failed: ECONNREFUSED');
  });
});

describe('formatStep', () => {
  it('when a step is skipped, then no time is printed', () => {
    expect(formatStep({ name: 'list tasks', outcome: 'skip', durationMs: 0, detail: 'after "x" failed' })).toBe(
      `  skip  list tasks${' '.repeat(23)}after "x" failed`,
    );
  });

  it('when a step took 12.6 ms, then the time is rounded to 13 ms', () => {
    expect(formatStep({ name: 'health', outcome: 'ok', durationMs: 12.6, detail: 'GET /api/health 200' })).toBe(
      '  ok    health                    13 ms  GET /api/health 200',
    );
  });
});
