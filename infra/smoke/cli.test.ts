import { parseSmokeArgs, smokeMain, SmokeUsageError, withHealthWait } from './cli';
import type { SmokeContext, SmokeStep } from './steps';
import type { EnvRunner } from './target';

describe('parseSmokeArgs', () => {
  it('when nothing is given, then the dev stack, default probes, 10 s timeout and 60 s wait', () => {
    expect(parseSmokeArgs([], {})).toEqual({
      url: undefined,
      stack: 'dev',
      backendProbes: undefined,
      timeoutMs: 10_000,
      waitSeconds: 60,
      help: false,
    });
  });

  it('when every option is given, then each is read (probes repeatable)', () => {
    const options = parseSmokeArgs(
      [
        '--url',
        'https://todo.example.com',
        '--stack',
        'prod',
        '--backend-probe',
        'http://a:8000',
        '--backend-probe',
        'http://b:8000',
        '--timeout',
        '5000',
        '--wait',
        '0',
      ],
      { PULUMI_STACK: 'ignored' },
    );
    expect(options).toEqual({
      url: 'https://todo.example.com',
      stack: 'prod',
      backendProbes: ['http://a:8000', 'http://b:8000'],
      timeoutMs: 5000,
      waitSeconds: 0,
      help: false,
    });
  });

  it('when PULUMI_STACK is set and --stack is not, then that stack; --no-backend-probe gives no probes', () => {
    expect(parseSmokeArgs(['--no-backend-probe'], { PULUMI_STACK: 'staging' })).toMatchObject({ stack: 'staging', backendProbes: [] });
  });

  it.each([
    [['--urll', 'x'], "Unknown option '--urll'"],
    [['--timeout', 'soon'], '--timeout must be a number >= 0 (got "soon")'],
    [['--wait=-1'], '--wait must be a number >= 0 (got "-1")'],
    [['positional'], "Unexpected argument 'positional'"],
  ])('when the arguments are %j, then a usage error says %s', (argv, message) => {
    expect(() => parseSmokeArgs(argv, {})).toThrow(SmokeUsageError);
    expect(() => parseSmokeArgs(argv, {})).toThrow(message);
  });
});

describe('withHealthWait', () => {
  const ctx = {} as SmokeContext;

  it('when the first step fails twice and then passes within the wait, then it passes after two sleeps', async () => {
    let calls = 0;
    const sleep = jest.fn(async () => {});
    const health: SmokeStep = {
      name: 'frontend health',
      run: async () => {
        calls += 1;
        if (calls < 3) throw new Error('503');
        return 'ok now';
      },
    };

    const [wrapped] = withHealthWait([health], 60, sleep);

    await expect(wrapped?.run(ctx)).resolves.toBe('ok now');
    expect(sleep).toHaveBeenCalledTimes(2);
  });

  it('when the wait is 0, then the first failure is final; later steps are never retried', async () => {
    const health: SmokeStep = { name: 'frontend health', run: () => Promise.reject(new Error('refused')) };
    const second: SmokeStep = { name: 'sign up', run: async () => 'x' };

    const wrapped = withHealthWait([health, second], 0, async () => {});

    await expect(wrapped[0]?.run(ctx)).rejects.toThrow('refused');
    expect(wrapped[1]).toBe(second);
  });
});

describe('smokeMain', () => {
  const noStack: EnvRunner = () => ({ status: 255, stdout: '', stderr: 'error: no stack named dev found' });

  it('when no --url is given and the stack has no outputs, then exit 2 saying to deploy or pass --url', async () => {
    const lines: string[] = [];

    const code = await smokeMain([], {}, { run: noStack, print: (line) => lines.push(line), root: '/repo' });

    expect(code).toBe(2);
    expect(lines).toEqual([
      'smoke test: cannot read the outputs of stack "dev" (error: no stack named dev found); deploy first (npm run deploy) or pass --url <frontend URL>',
    ]);
  });

  it('when --url is not a URL, then exit 2 naming the flag', async () => {
    const lines: string[] = [];

    const code = await smokeMain(['--url', 'todo.example.com'], {}, { print: (line) => lines.push(line) });

    expect(code).toBe(2);
    expect(lines[0]).toContain('--url is not a URL: "todo.example.com"');
  });

  it('when the steps pass, then exit 0; when one fails, then exit 1 (the probes default to the front door host on port 8000)', async () => {
    const seen: SmokeContext[] = [];
    const ok: SmokeStep = { name: 'a', run: async (ctx) => (seen.push(ctx), 'x') };
    const bad: SmokeStep = { name: 'b', run: () => Promise.reject(new Error('boom')) };
    const lines: string[] = [];

    const passed = await smokeMain(['--url', 'http://192.168.49.2:30080', '--wait', '0'], {}, { steps: [ok], print: (l) => lines.push(l) });
    const failed = await smokeMain(['--url', 'http://192.168.49.2:30080', '--wait', '0'], {}, { steps: [ok, bad], print: () => {} });

    expect([passed, failed]).toEqual([0, 1]);
    expect(lines[0]).toBe('smoke test of http://192.168.49.2:30080 (--url)');
    expect(seen[0]?.backendProbes).toEqual(['http://192.168.49.2:8000']);
  });
});
