import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  backendUrl,
  checkMinikubeRunning,
  checkPassphrase,
  checkPrerequisites,
  checkStackFile,
  minikubeDockerEnv,
  parseDockerEnv,
  pingDocker,
  readStackSettings,
  type Runner,
} from './prerequisites';
import { parseArgs } from './run';

const repoRoot = path.resolve(__dirname, '..', '..');

/** A fake `minikube` answering from a table; anything else is "not installed". */
function fakeRunner(answers: Record<string, { status: number; stdout?: string; stderr?: string }>): Runner {
  return (command, args) => {
    const answer = answers[`${command} ${args[0]}`];
    if (!answer) return { status: null, stdout: '', stderr: '', error: new Error(`spawnSync ${command} ENOENT`) };
    return { status: answer.status, stdout: answer.stdout ?? '', stderr: answer.stderr ?? '' };
  };
}

describe('checkPassphrase', () => {
  it.each([
    ['the passphrase is set', { PULUMI_CONFIG_PASSPHRASE: 'x' }, true, 'PULUMI_CONFIG_PASSPHRASE is set'],
    ['an empty passphrase is set', { PULUMI_CONFIG_PASSPHRASE: '' }, false, 'export PULUMI_CONFIG_PASSPHRASE='],
    ['a missing passphrase file is named', { PULUMI_CONFIG_PASSPHRASE_FILE: '/nonexistent/pass' }, false, 'which does not exist'],
    ['nothing is set', {}, false, "export PULUMI_CONFIG_PASSPHRASE='<choose one and keep it>'"],
  ])('when %s, then ok is %s with a clear message', (_what, env, ok, detail) => {
    const check = checkPassphrase(env);
    expect(check.ok).toBe(ok);
    expect(check.detail).toContain(detail);
  });
});

describe('stack checks', () => {
  it('when the stack file exists, then it passes; when not, the message names the stacks to use', () => {
    expect(checkStackFile(repoRoot, 'dev').ok).toBe(true);
    const missing = checkStackFile(repoRoot, 'staging');
    expect(missing).toEqual({
      name: 'stack "staging"',
      ok: false,
      detail: 'Pulumi.staging.yaml does not exist. Use --stack dev (Minikube) or --stack prod, or copy Pulumi.dev.yaml to Pulumi.staging.yaml',
    });
  });

  it('when reading the committed stacks, then dev targets minikube without a registry and prod pushes', () => {
    expect(readStackSettings(repoRoot, 'dev')).toEqual({ kubeContext: 'minikube', registryServer: undefined });
    expect(readStackSettings(repoRoot, 'prod')).toEqual({ kubeContext: 'prod-cluster', registryServer: 'ghcr.io/example-org' });
  });
});

describe('Minikube checks', () => {
  it.each([
    ['minikube is not installed', {}, false, 'minikube is not installed'],
    ['minikube is stopped', { 'minikube status': { status: 7, stdout: 'Stopped/Stopped/Stopped' } }, false, 'run minikube start'],
    ['minikube is running', { 'minikube status': { status: 0, stdout: 'Running/Running/Running\n' } }, true, 'running'],
  ])('when %s, then ok is %s', (_what, answers, ok, detail) => {
    const check = checkMinikubeRunning(fakeRunner(answers));
    expect(check.ok).toBe(ok);
    expect(check.detail).toContain(detail);
  });

  it('when docker-env prints its variables, then they are parsed', () => {
    const output = 'DOCKER_TLS_VERIFY="1"\nDOCKER_HOST="tcp://192.168.49.2:2376"\nDOCKER_CERT_PATH="/home/u/.minikube/certs"\nMINIKUBE_ACTIVE_DOCKERD="minikube"\n';
    expect(parseDockerEnv(output)).toEqual({
      DOCKER_TLS_VERIFY: '1',
      DOCKER_HOST: 'tcp://192.168.49.2:2376',
      DOCKER_CERT_PATH: '/home/u/.minikube/certs',
      MINIKUBE_ACTIVE_DOCKERD: 'minikube',
    });
  });

  it('when docker-env fails (containerd runtime), then the message says how to start Minikube with Docker', () => {
    const { check } = minikubeDockerEnv(fakeRunner({ 'minikube docker-env': { status: 14, stderr: 'requires the docker container-runtime' } }));
    expect(check.ok).toBe(false);
    expect(check.detail).toContain('minikube start --container-runtime=docker');
  });
});

describe('pingDocker', () => {
  it('when a daemon answers /_ping on tcp, then it passes', async () => {
    const server = http.createServer((req, res) => res.writeHead(req.url === '/_ping' ? 200 : 404).end('OK'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      expect(await pingDocker({ DOCKER_HOST: `tcp://127.0.0.1:${port}` })).toEqual({
        name: 'Docker daemon reachable',
        ok: true,
        detail: `tcp://127.0.0.1:${port} answered /_ping`,
      });
    } finally {
      server.close();
    }
  });

  it('when a daemon answers on a unix socket, then it passes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docker-sock-'));
    const socket = path.join(dir, 'docker.sock');
    const server = http.createServer((_req, res) => res.writeHead(200).end('OK'));
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      expect((await pingDocker({ DOCKER_HOST: `unix://${socket}` })).ok).toBe(true);
    } finally {
      server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when nothing listens, then it fails and says what to start', async () => {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const check = await pingDocker({ DOCKER_HOST: `tcp://127.0.0.1:${port}` });
    expect(check.ok).toBe(false);
    expect(check.detail).toContain('ECONNREFUSED');
    expect(check.detail).toContain('minikube start');
  });
});

describe('checkPrerequisites', () => {
  it('when everything is in place for dev, then every check passes and the CLI gets the Docker env and a local backend', async () => {
    const server = http.createServer((_req, res) => res.writeHead(200).end('OK'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const run = fakeRunner({
        'minikube status': { status: 0, stdout: 'Running/Running/Running' },
        'minikube docker-env': { status: 0, stdout: `DOCKER_HOST="tcp://127.0.0.1:${port}"\n` },
      });
      const { checks, env } = await checkPrerequisites({ root: repoRoot, stack: 'dev', env: { PULUMI_CONFIG_PASSPHRASE: 'p' }, run });
      expect(checks.map((c) => [c.name, c.ok])).toEqual([
        ['Pulumi CLI (npm package "pulumi")', true],
        ['stack "dev"', true],
        ['secrets passphrase', true],
        ['Minikube', true],
        ["Minikube's Docker daemon", true],
        ['Docker daemon reachable', true],
      ]);
      expect(env).toMatchObject({
        DOCKER_HOST: `tcp://127.0.0.1:${port}`,
        PULUMI_BACKEND_URL: `file://${path.join(repoRoot, '.pulumi')}`,
        PULUMI_CONFIG_PASSPHRASE: 'p',
      });
    } finally {
      server.close();
    }
  });

  it('when Minikube is down, then the Docker checks are skipped and the failure says to start it', async () => {
    const run = fakeRunner({ 'minikube status': { status: 7, stdout: 'Stopped/Stopped/Stopped' } });
    const { checks } = await checkPrerequisites({ root: repoRoot, stack: 'dev', env: {}, run });
    expect(checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['secrets passphrase', 'Minikube']);
  });
});

describe('backendUrl and parseArgs', () => {
  it('when the user is logged in elsewhere, then that backend is kept', () => {
    expect(backendUrl({ PULUMI_BACKEND_URL: 's3://bucket' }, '/repo')).toBe('s3://bucket');
    expect(backendUrl({}, '/repo')).toBe('file:///repo/.pulumi');
  });

  it.each([
    [[], {}, { stack: 'dev', passThrough: [] }],
    [['--stack', 'prod', '--yes'], {}, { stack: 'prod', passThrough: ['--yes'] }],
    [['--stack=prod', '--diff'], {}, { stack: 'prod', passThrough: ['--diff'] }],
    [['--yes'], { PULUMI_STACK: 'staging' }, { stack: 'staging', passThrough: ['--yes'] }],
  ])('when the arguments are %j, then the stack and pass-through flags are split', (argv, env, expected) => {
    expect(parseArgs(argv, env)).toEqual(expected);
  });
});
