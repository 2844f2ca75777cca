import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { defaultBackendProbes, frontDoorUrl, frontendUrlFromStack, SmokeTargetError, type EnvRunner } from './target';

const root = '/repo';

/** A fake `pulumi` and `minikube` answering from a table, recording each call with its env. */
function fakeRunner(answers: Record<string, { status: number; stdout?: string; stderr?: string }>) {
  const calls: Array<{ command: string; args: string[]; env: NodeJS.ProcessEnv }> = [];
  const run: EnvRunner = (command, args, env) => {
    calls.push({ command, args, env });
    const answer = answers[`${path.basename(command)} ${args[0]}`] ?? answers[path.basename(command)];
    if (!answer) return { status: null, stdout: '', stderr: '', error: new Error(`spawnSync ${command} ENOENT`) };
    return { status: answer.status, stdout: answer.stdout ?? '', stderr: answer.stderr ?? '' };
  };
  return { run, calls };
}

/** `minikube profile list -o json` as the fake minikube prints it (infra/testing/fakes/minikube). */
function profileList(driver: string): string {
  const env = { PATH: process.env.PATH, FAKE_MINIKUBE_DRIVER: driver };
  return spawnSync(path.join(__dirname, '..', 'testing', 'fakes', 'minikube'), ['profile', 'list', '-o', 'json'], { encoding: 'utf8', env })
    .stdout;
}

const outputs = (frontendUrl: string, frontendUrlCommand: string) =>
  JSON.stringify({ frontendUrl, frontendUrlCommand, namespace: 'todo-app' });

describe('frontendUrlFromStack', () => {
  it('when the stack is on Minikube with a localhost NodePort URL, then the host becomes minikube ip', () => {
    const { run, calls } = fakeRunner({
      pulumi: { status: 0, stdout: outputs('http://localhost:30080', 'minikube service frontend -n todo-app --url') },
      minikube: { status: 0, stdout: '192.168.49.2\n' },
    });

    const target = frontendUrlFromStack({ root, stack: 'dev', env: { PULUMI_CONFIG_PASSPHRASE: 'p' }, run });

    expect(target.url.toString()).toBe('http://192.168.49.2:30080/');
    expect(target.source).toBe('stack dev output frontendUrl, host from minikube ip');
    expect(calls.map((c) => [c.command, ...c.args])).toEqual([
      ['/repo/node_modules/.bin/pulumi', 'stack', 'output', '--json', '--stack', 'dev'],
      ['minikube', 'profile', 'list', '-o', 'json'],
      ['minikube', 'ip'],
    ]);
    // The same state backend `npm run deploy` uses, and the passphrase passed through.
    expect(calls[0]?.env).toMatchObject({ PULUMI_BACKEND_URL: 'file:///repo/.pulumi', PULUMI_CONFIG_PASSPHRASE: 'p' });
  });

  it.each<[NodeJS.Platform, string, string | undefined]>([
    ['linux', 'docker', undefined],
    ['linux', 'kvm2', undefined],
    ['darwin', 'hyperkit', undefined],
    ['win32', 'hyperv', undefined],
    ['darwin', 'docker', 'the docker driver on darwin gives no route'],
    ['darwin', 'podman', 'the podman driver on darwin gives no route'],
    ['win32', 'docker', 'the docker driver on win32 gives no route'],
  ])('when on %s with the %s driver, then the reason to port-forward is %s (none: the node IP)', (platform, driver, forwardReason) => {
    const { run, calls } = fakeRunner({
      pulumi: { status: 0, stdout: outputs('http://localhost:30080', 'minikube service frontend -n todo-app --url') },
      'minikube profile': { status: 0, stdout: profileList(driver) },
      'minikube ip': { status: 0, stdout: '192.168.59.100\n' },
    });

    const target = frontendUrlFromStack({ root, stack: 'dev', env: {}, run, platform });

    if (forwardReason) {
      expect(target.forward).toEqual({ kind: 'port-forward', context: 'minikube', namespace: 'todo-app', service: 'frontend', port: 3000 });
      expect(target.source).toBe(`stack dev output frontendUrl, through kubectl port-forward: ${forwardReason} to the node's IP`);
      expect(calls.map((c) => c.args[0])).toEqual(['stack', 'profile']);
    } else {
      expect([target.url.toString(), target.forward]).toEqual(['http://192.168.59.100:30080/', undefined]);
      expect(target.source).toBe(`stack dev output frontendUrl, host from minikube ip (the ${driver} driver routes to the node)`);
    }
  });

  it('when the stack serves through an Ingress host, then its frontendUrl is used as is (no minikube call)', () => {
    const { run, calls } = fakeRunner({
      pulumi: { status: 0, stdout: outputs('https://todo.example.com', 'kubectl --context prod -n todo-app get ingress frontend') },
    });

    const target = frontendUrlFromStack({ root, stack: 'prod', env: { PULUMI_BACKEND_URL: 's3://bucket' }, run });

    expect(target.url.toString()).toBe('https://todo.example.com/');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.env.PULUMI_BACKEND_URL).toBe('s3://bucket');
  });

  it.each([
    [
      'the stack does not exist',
      { pulumi: { status: 255, stderr: 'error: no stack named dev found' } },
      'cannot read the outputs of stack "dev" (error: no stack named dev found); deploy first (npm run deploy) or pass --url <frontend URL>',
    ],
    [
      'the stack has no frontendUrl output',
      { pulumi: { status: 0, stdout: '{}' } },
      'stack "dev" has no frontendUrl output; deploy first (npm run deploy) or pass --url',
    ],
    [
      'minikube ip fails',
      {
        pulumi: { status: 0, stdout: outputs('http://localhost:30080', 'minikube service frontend -n todo-app --url') },
        minikube: { status: 85, stderr: 'host is not running' },
      },
      'minikube ip failed (host is not running); pass --url "$(minikube service frontend -n todo-app --url)"',
    ],
  ])('when %s, then a SmokeTargetError says what to do', (_case, answers, message) => {
    const { run } = fakeRunner(answers);

    expect(() => frontendUrlFromStack({ root, stack: 'dev', env: {}, run })).toThrow(new SmokeTargetError(message));
  });
});

describe('frontDoorUrl', () => {
  it.each([
    ['todo.example.com', '--url is not a URL: "todo.example.com"'],
    ['ftp://todo.example.com', '--url must be an http:// or https:// URL (got ftp:)'],
  ])('when the URL is %s, then the error says %s', (value, message) => {
    expect(() => frontDoorUrl(value, '--url')).toThrow(message);
  });
});

describe('defaultBackendProbes', () => {
  it.each([
    ['http://192.168.49.2:30080', 'http://192.168.49.2:8000'],
    ['https://todo.example.com', 'http://todo.example.com:8000'],
    ['http://[::1]:3000', 'http://[::1]:8000'],
  ])('when the front door is %s, then the backend is probed at %s', (url, probe) => {
    expect(defaultBackendProbes(new URL(url))).toEqual([probe]);
  });
});
