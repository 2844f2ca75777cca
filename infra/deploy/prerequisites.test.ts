import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Runner } from './minikube';
import { buildsInMinikube, checkPrerequisites, readStackSettings } from './prerequisites';

const repoRoot = path.resolve(__dirname, '..', '..');
const bin = path.join(repoRoot, 'infra', 'testing', 'fakes', 'pulumi');

/** `minikube profile list -o json` as the fake minikube prints it (infra/testing/fakes/minikube). */
function profileList(driver: string, runtime: string): string {
  const env = { PATH: process.env.PATH, FAKE_MINIKUBE_DRIVER: driver, FAKE_MINIKUBE_RUNTIME: runtime };
  return spawnSync(path.join(repoRoot, 'infra', 'testing', 'fakes', 'minikube'), ['profile', 'list', '-o', 'json'], {
    encoding: 'utf8',
    env,
  }).stdout;
}

function fakeRunner(answers: Record<string, { status: number; stdout?: string }>): Runner {
  return (command, args) => {
    const answer = answers[`${command} ${args[0]}`] ?? answers[`${command} ${args.slice(0, 2).join(' ')}`];
    return answer
      ? { status: answer.status, stdout: answer.stdout ?? '', stderr: '' }
      : { status: null, stdout: '', stderr: '', error: new Error('ENOENT') };
  };
}

describe('readStackSettings', () => {
  it('when reading the committed stacks, then dev builds in Minikube and prod pushes to its registry', () => {
    const dev = readStackSettings(repoRoot, 'dev');
    const prod = readStackSettings(repoRoot, 'prod');
    expect(dev).toEqual({ kubeContext: 'minikube', registryServer: undefined, platform: undefined, deploysReferences: false });
    expect(prod).toMatchObject({ kubeContext: 'prod-cluster', registryServer: 'ghcr.io/example-org', deploysReferences: false });
    expect([buildsInMinikube(dev!), buildsInMinikube(prod!)]).toEqual([true, false]);
  });

  it.each([
    ['both image references', { 'todo:backendImage': 'todo/backend:abc123', 'todo:frontendImage': 'todo/frontend:abc123' }, true],
    ['one image reference (the program refuses it)', { 'todo:backendImage': 'todo/backend:abc123' }, false],
  ])('when a Minikube stack names %s, then it deploys references: %s', (_what, config, references) => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-settings-'));
    try {
      fs.writeFileSync(
        path.join(root, 'Pulumi.ci.yaml'),
        `config:\n${Object.entries(config)
          .map(([k, v]) => `  ${k}: ${v}\n`)
          .join('')}`,
      );
      const settings = readStackSettings(root, 'ci')!;
      expect([settings.deploysReferences, buildsInMinikube(settings)]).toEqual([references, !references]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('checkPrerequisites', () => {
  it('when everything is in place for dev, then every check passes in order and the CLI gets the Docker env and a local backend', async () => {
    const server = http.createServer((_req, res) => res.writeHead(200).end(JSON.stringify({ Os: 'linux', Arch: 'amd64' })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const run = fakeRunner({
        'minikube status': { status: 0, stdout: 'Running/Running/Running' },
        'minikube profile list': { status: 0, stdout: profileList('docker', 'docker') },
        'minikube docker-env': { status: 0, stdout: `DOCKER_HOST="tcp://127.0.0.1:${port}"\n` },
      });
      const { checks, env } = await checkPrerequisites({
        root: repoRoot,
        stack: 'dev',
        command: 'preview',
        passThrough: [],
        policyPack: path.join(repoRoot, 'infra', 'policy'),
        env: { PULUMI_CONFIG_PASSPHRASE: 'p', PULUMI_BACKEND_URL: 's3://bucket', PULUMI_BIN: bin },
        bin,
        interactive: false,
        run,
        hostArch: 'x64',
      });
      expect(checks.map((c) => [c.name, c.ok])).toEqual([
        ['Pulumi CLI', true],
        ['stack "dev"', true],
        ['secrets passphrase', true],
        ['state backend', true],
        ['policy pack', true],
        ['Minikube', true],
        ['image delivery', true],
        ["Minikube's Docker daemon", true],
        ['Docker daemon reachable', true],
        ['image platform', true],
      ]);
      expect(env).toMatchObject({
        DOCKER_HOST: `tcp://127.0.0.1:${port}`,
        PULUMI_BACKEND_URL: 's3://bucket',
        PULUMI_CONFIG_PASSPHRASE: 'p',
        PULUMI_NODEJS_TRANSPILE_ONLY: 'true',
      });
    } finally {
      server.close();
    }
  });

  it('when Minikube is down, then the Docker checks are skipped and the failures say what to do', async () => {
    const { checks } = await checkPrerequisites({
      root: repoRoot,
      stack: 'dev',
      command: 'up',
      passThrough: ['--yes'],
      env: { PULUMI_BACKEND_URL: 's3://bucket' },
      bin,
      interactive: false,
      run: fakeRunner({ 'minikube status': { status: 7, stdout: 'Stopped/Stopped/Stopped' } }),
    });
    expect(checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['secrets passphrase', 'Minikube']);
  });

  it.each([
    ['rootless Podman with cri-o', 'podman', 'cri-o'],
    ['the docker driver with containerd', 'docker', 'containerd'],
  ])(
    'when Minikube is %s, then docker-env is not asked for and the failure names the one setting image-load needs',
    async (_what, driver, runtime) => {
      const asked: string[] = [];
      const answers = fakeRunner({
        'minikube status': { status: 0, stdout: 'Running/Running/Running' },
        'minikube profile list': { status: 0, stdout: profileList(driver, runtime) },
      });
      const { checks } = await checkPrerequisites({
        root: repoRoot,
        stack: 'dev',
        command: 'up',
        passThrough: ['--yes'],
        env: { PULUMI_CONFIG_PASSPHRASE: 'p', PULUMI_BACKEND_URL: 's3://bucket' },
        bin,
        interactive: false,
        run: (command, args) => {
          asked.push(`${command} ${args[0]}`);
          return answers(command, args);
        },
      });
      expect(asked).toEqual(['minikube status', 'minikube profile']);
      const failed = checks.filter((c) => !c.ok);
      expect(failed.map((c) => c.name)).toEqual(['image delivery']);
      expect(failed[0]?.detail).toBe(
        `image-load (profile minikube: ${driver} driver, ${runtime} runtime; the ${runtime} runtime has no Docker daemon: minikube docker-env serves only the docker runtime). ` +
          "npm run deploy builds the images with this machine's Docker and loads them with minikube image load; " +
          'set this once so the program deploys them: npx pulumi config set imageDelivery image-load --stack dev ' +
          '(or recreate Minikube with the Docker runtime: minikube delete && minikube start --cpus 2 --memory 4096 --container-runtime=docker; not possible with rootless Podman)',
      );
    },
  );

  it('when the stack deploys given image references, then neither Minikube nor any Docker daemon is asked for', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-references-'));
    try {
      fs.copyFileSync(path.join(repoRoot, 'Pulumi.yaml'), path.join(root, 'Pulumi.yaml'));
      fs.writeFileSync(
        path.join(root, 'Pulumi.ci.yaml'),
        'config:\n  todo:backendImage: todo/backend:abc123\n  todo:frontendImage: todo/frontend:abc123\n',
      );
      const asked: string[] = [];
      const { checks, env } = await checkPrerequisites({
        root,
        stack: 'ci',
        command: 'up',
        passThrough: ['--yes'],
        // A Docker host nobody answers on: probing it would fail the checks.
        env: { PULUMI_CONFIG_PASSPHRASE: 'p', PULUMI_BACKEND_URL: 's3://bucket', DOCKER_HOST: 'tcp://127.0.0.1:1' },
        bin,
        interactive: false,
        run: (command, args) => {
          asked.push(`${command} ${args[0]}`);
          return { status: null, stdout: '', stderr: '', error: new Error('ENOENT') };
        },
      });
      expect(checks.map((c) => [c.name, c.ok])).toEqual([
        ['Pulumi CLI', true],
        ['stack "ci"', true],
        ['secrets passphrase', true],
        ['state backend', true],
        ['confirmation', true],
      ]);
      expect(asked).toEqual([]);
      expect(env.MINIKUBE_ACTIVE_DOCKERD).toBeUndefined();
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('the program runner', () => {
  it('when the user asks for type checking (PULUMI_NODEJS_TRANSPILE_ONLY=false), then the CLI gets it as set', async () => {
    const { env } = await checkPrerequisites({
      root: repoRoot,
      stack: 'prod',
      command: 'preview',
      passThrough: [],
      env: { PULUMI_BACKEND_URL: 's3://bucket', PULUMI_NODEJS_TRANSPILE_ONLY: 'false' },
      bin,
      interactive: false,
      run: () => ({ status: 1, stdout: '', stderr: 'not used' }),
    });
    expect(env.PULUMI_NODEJS_TRANSPILE_ONLY).toBe('false');
  });
});
