import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The fakes the deploy wrapper's end-to-end test puts in place of the real tools must refuse what
 * those refuse, or the wrapper's own checks would be tested against a CLI that accepts anything.
 */
const fakePulumi = path.join(__dirname, 'fakes', 'pulumi');
const fakeMinikube = path.join(__dirname, 'fakes', 'minikube');

let project: string;
beforeEach(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-pulumi-'));
  fs.writeFileSync(path.join(project, 'Pulumi.yaml'), 'name: todo\nruntime: nodejs\n');
});
afterEach(() => fs.rmSync(project, { recursive: true, force: true }));

function pulumi(args: string[], env: Record<string, string> = {}, input?: string) {
  const result = spawnSync(fakePulumi, args, { cwd: project, encoding: 'utf8', env: { PATH: process.env.PATH, ...env }, input });
  return { status: result.status, stderr: result.stderr.trim(), stdout: result.stdout.trim() };
}

/** A created `dev` stack on a file backend in the project folder, with the passphrase set. */
function devStack(): Record<string, string> {
  fs.mkdirSync(path.join(project, '.pulumi'));
  const env = { PULUMI_BACKEND_URL: `file://${project}/.pulumi`, PULUMI_CONFIG_PASSPHRASE: 'p' };
  pulumi(['stack', 'select', 'dev', '--create', '--secrets-provider', 'passphrase'], env);
  return env;
}

describe('the fake pulumi', () => {
  it('when the file backend directory is missing, then it fails like pulumi/pulumi#15841', () => {
    const dir = path.join(project, '.pulumi');
    expect(pulumi(['stack', 'ls', '--json'], { PULUMI_BACKEND_URL: `file://${dir}` })).toEqual({
      status: 255,
      stdout: '',
      stderr: `error: unable to open bucket file://${dir}?no_tmp_dir=true: stat ${dir}: no such file or directory`,
    });
  });

  it('when a stack is created with the passphrase provider and no passphrase, then it refuses', () => {
    fs.mkdirSync(path.join(project, '.pulumi'));
    const result = pulumi(['stack', 'select', 'dev', '--create', '--secrets-provider', 'passphrase'], {
      PULUMI_BACKEND_URL: `file://${project}/.pulumi`,
    });
    expect(result).toMatchObject({
      status: 255,
      stderr: 'error: passphrase must be set with PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE environment variables',
    });
  });

  it('when an unknown stack is selected without --create, then it refuses; with --create it exists afterwards', () => {
    fs.mkdirSync(path.join(project, '.pulumi'));
    const env = { PULUMI_BACKEND_URL: `file://${project}/.pulumi`, PULUMI_CONFIG_PASSPHRASE: 'p' };
    expect(pulumi(['stack', 'select', 'dev'], env)).toMatchObject({ status: 255, stderr: "error: no stack named 'dev' found" });
    expect(pulumi(['stack', 'select', 'dev', '--create', '--secrets-provider', 'passphrase'], env).status).toBe(0);
    expect(JSON.parse(pulumi(['stack', 'ls', '--json'], env).stdout)).toEqual([{ name: 'dev', current: false, updateInProgress: false }]);
    expect(fs.existsSync(path.join(project, '.pulumi', '.pulumi', 'stacks', 'todo', 'dev.json'))).toBe(true);
  });

  it('when a policy pack directory has no PulumiPolicy.yaml, or up has no --yes without a terminal, then it refuses', () => {
    fs.mkdirSync(path.join(project, '.pulumi'));
    const env = { PULUMI_BACKEND_URL: `file://${project}/.pulumi`, PULUMI_CONFIG_PASSPHRASE: 'p' };
    pulumi(['stack', 'select', 'dev', '--create', '--secrets-provider', 'passphrase'], env);
    expect(pulumi(['preview', '--stack', 'dev', '--policy-pack', project], env)).toMatchObject({
      status: 255,
      stderr: `error: could not load policy pack ${project}: PulumiPolicy.yaml: no such file or directory`,
    });
    expect(pulumi(['up', '--stack', 'dev'], env)).toMatchObject({
      status: 255,
      stderr: 'error: --yes or --skip-preview or --preview-only must be passed in to proceed when running in non-interactive mode',
    });
  });

  it('when no Docker daemon answers, then the Docker provider fails at start, for destroy too', () => {
    fs.mkdirSync(path.join(project, '.pulumi'));
    const env = { PULUMI_BACKEND_URL: `file://${project}/.pulumi`, PULUMI_CONFIG_PASSPHRASE: 'p' };
    pulumi(['stack', 'select', 'dev', '--create', '--secrets-provider', 'passphrase'], env);
    expect(pulumi(['destroy', '--stack', 'dev', '--yes'], env).stderr).toBe(
      'error: docker provider: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
    );
  });
});

describe('the fake pulumi: stack config', () => {
  it('when Pulumi.yaml declares a key without a default that the stack lacks, then up and preview refuse it as the engine does', () => {
    fs.writeFileSync(
      path.join(project, 'Pulumi.yaml'),
      'name: todo\nruntime: nodejs\nconfig:\n  jwtSecret:\n    type: string\n  backend.replicas:\n    type: integer\n  kubeContext:\n    type: string\n    default: minikube\n',
    );
    const env = devStack();
    // The flat key is not what the engine looks for: it reads `backend.replicas` as field `replicas` of `todo:backend`.
    fs.appendFileSync(path.join(project, 'Pulumi.dev.yaml'), 'config:\n  todo:backend.replicas: 2\n');
    const expected = "error: validating stack config: Stack 'dev' is missing configuration values 'backend.replicas' and 'jwtSecret'";
    expect(pulumi(['preview', '--stack', 'dev'], { ...env, DOCKER_HOST: 'tcp://127.0.0.1:1' })).toMatchObject({
      status: 255,
      stderr: expected,
    });
    expect(pulumi(['config', '--json', '--stack', 'dev'], env)).toMatchObject({
      status: 255,
      stderr: expected.replace('validating stack config: ', ''),
    });
  });

  it('when the committed Pulumi.yaml and Pulumi.dev.yaml are read, then no configuration value is missing', () => {
    fs.copyFileSync(path.join(__dirname, '..', '..', 'Pulumi.yaml'), path.join(project, 'Pulumi.yaml'));
    const env = devStack();
    fs.copyFileSync(path.join(__dirname, '..', '..', 'Pulumi.dev.yaml'), path.join(project, 'Pulumi.dev.yaml'));
    const listed = pulumi(['config', '--json', '--stack', 'dev'], env);
    expect(listed.status).toBe(0);
    expect(JSON.parse(listed.stdout)).toMatchObject({
      'todo:backendReplicas': { value: '2', secret: false },
      'todo:postgresImage': { value: 'postgres:17.6-bookworm', secret: false },
    });
  });

  it('when a secret is piped to config set --secret, then it is stored encrypted, listed without its value and read back by config get', () => {
    const env = devStack();
    expect(pulumi(['config', 'set', '--secret', 'jwtSecret', '--stack', 'dev'], env, 'abc123\n')).toEqual({
      status: 0,
      stdout: '',
      stderr: '',
    });
    const stackFile = fs.readFileSync(path.join(project, 'Pulumi.dev.yaml'), 'utf8');
    expect(stackFile).toContain(`todo:jwtSecret:\n    secure: v1:${Buffer.from('abc123').toString('base64')}`);
    expect(stackFile).not.toContain('abc123');
    expect(JSON.parse(pulumi(['config', '--json', '--stack', 'dev'], env).stdout)).toEqual({ 'todo:jwtSecret': { secret: true } });
    expect(pulumi(['config', 'get', 'jwtSecret', '--stack', 'dev'], env)).toEqual({ status: 0, stdout: 'abc123', stderr: '' });
  });

  it('when config set --secret runs without the passphrase, or a secret-looking value is set in plain text, then it refuses', () => {
    const env = devStack();
    const { PULUMI_CONFIG_PASSPHRASE: _passphrase, ...noPassphrase } = env;
    expect(pulumi(['config', 'set', '--secret', 'jwtSecret', '--stack', 'dev'], noPassphrase, 'x')).toMatchObject({
      status: 255,
      stderr: 'error: passphrase must be set with PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE environment variables',
    });
    expect(pulumi(['config', 'set', 'jwtSecret', 'a'.repeat(64), '--stack', 'dev'], env)).toMatchObject({
      status: 255,
      stderr:
        "error: config value for 'jwtSecret' looks like a secret; rerun with --secret to encrypt it, or --plaintext if you meant to store in plaintext",
    });
  });

  it('when config get names a key the stack lacks, then it fails like the real CLI', () => {
    const env = devStack();
    expect(pulumi(['config', 'get', 'postgresPassword', '--stack', 'dev'], env)).toMatchObject({
      status: 255,
      stderr: "error: configuration key 'postgresPassword' not found for stack 'dev'",
    });
  });

  it('when the stack deploys given image references, then no docker provider is started and no Docker daemon is needed', () => {
    const env = devStack();
    pulumi(['config', 'set', 'backendImage', 'todo/backend:abc123', '--stack', 'dev'], env);
    pulumi(['config', 'set', 'frontendImage', 'todo/frontend:abc123', '--stack', 'dev'], env);
    expect(pulumi(['preview', '--stack', 'dev'], env)).toEqual({ status: 0, stdout: 'fake pulumi preview (dev): done', stderr: '' });
  });
});

describe('the fake pulumi: stack export and --replace', () => {
  it('when a stack was created and never deployed, then its export has a null deployment, as the DIY backend prints it', () => {
    const env = devStack();
    const exported = pulumi(['stack', 'export', '--stack', 'dev'], env);
    expect([exported.status, JSON.parse(exported.stdout)]).toEqual([0, { version: 3, deployment: null }]);
  });

  it('when --replace names a URN the state lacks, then up and preview refuse it as the engine does', () => {
    const env = devStack();
    for (const command of ['up', 'preview']) {
      expect(pulumi([command, '--stack', 'dev', '--yes', '--replace', 'urn:pulumi:dev::todo::docker:index/image:Image::x'], env)).toEqual({
        status: 255,
        stdout: '',
        stderr: 'error: one or more targets could not be found in the stack',
      });
    }
  });
});

describe('the fake minikube', () => {
  it('when stopped, then status exits 7 and docker-env fails', () => {
    const env = { PATH: process.env.PATH, FAKE_MINIKUBE_STATE: 'Stopped' };
    expect(spawnSync(fakeMinikube, ['status'], { encoding: 'utf8', env }).status).toBe(7);
    expect(spawnSync(fakeMinikube, ['docker-env', '--shell', 'none'], { encoding: 'utf8', env }).status).not.toBe(0);
  });

  const minikube = (args: string[], env: Record<string, string>) => {
    const result = spawnSync(fakeMinikube, args, { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr.trim() };
  };

  // The drivers and runtimes the deploy wrapper tells apart (infra/deploy/minikube-profile.ts).
  it.each([
    ['docker', 'docker'],
    ['docker', 'containerd'],
    ['podman', 'cri-o'],
    ['hyperkit', 'docker'],
    ['qemu2', 'containerd'],
  ])(
    'when the %s driver runs %s, then profile list -o json prints one valid profile with them, as printProfilesJSON does',
    (driver, runtime) => {
      const result = minikube(['profile', 'list', '-o', 'json'], { FAKE_MINIKUBE_DRIVER: driver, FAKE_MINIKUBE_RUNTIME: runtime });
      const body = JSON.parse(result.stdout) as {
        invalid: unknown[];
        valid: Array<Record<string, unknown> & { Config: Record<string, unknown> }>;
      };
      expect(result.status).toBe(0);
      expect(result.stdout.endsWith('}')).toBe(true);
      expect(Object.keys(body)).toEqual(['invalid', 'valid']);
      expect(body.invalid).toEqual([]);
      expect(Object.keys(body.valid[0] ?? {})).toEqual(['Name', 'Status', 'Config', 'Active', 'ActiveKubeContext']);
      expect(body.valid[0]).toMatchObject({
        Name: 'minikube',
        Status: 'OK',
        Config: { Driver: driver, KubernetesConfig: { ContainerRuntime: runtime }, Nodes: [{ IP: '192.168.49.2', ControlPlane: true }] },
        Active: true,
      });
    },
  );

  it('when stopped, then the profile is listed as Stopped (cluster.GetState)', () => {
    const body = JSON.parse(minikube(['profile', 'list', '-o', 'json'], { FAKE_MINIKUBE_STATE: 'Stopped' }).stdout) as {
      valid: Array<{ Status: string }>;
    };
    expect(body.valid[0]?.Status).toBe('Stopped');
  });

  it('when the runtime is not docker, or there are two nodes, then docker-env refuses as docker-env.go does', () => {
    expect(minikube(['docker-env', '--shell', 'none'], { FAKE_MINIKUBE_RUNTIME: 'cri-o' })).toEqual({
      status: 14,
      stdout: '',
      stderr:
        'X Exiting due to MK_USAGE: The docker-env command is only compatible with the "docker" runtime, but this cluster was configured to use the "cri-o" runtime.',
    });
    expect(minikube(['docker-env', '--shell', 'none'], { FAKE_MINIKUBE_NODES: '2' })).toMatchObject({
      status: 81,
      stderr:
        "X Exiting due to ENV_MULTINODE_CONFLICT: The docker-env command is incompatible with multi-node clusters. Use the 'registry' add-on: https://minikube.sigs.k8s.io/docs/handbook/registry/",
    });
  });
});

describe('the fake kubectl', () => {
  const fakeKubectl = path.join(__dirname, 'fakes', 'kubectl');

  it('when the Service is missing, then port-forward fails as kubectl does', () => {
    const result = spawnSync(fakeKubectl, ['-n', 'todo-app', 'port-forward', 'service/frontend', ':3000'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, FAKE_KUBECTL_NO_SERVICE: '1' },
    });
    expect([result.status, result.stderr.trim()]).toEqual([1, 'Error from server (NotFound): services "frontend" not found']);
  });

  it('when asked for anything but port-forward, then it says it does not model it', () => {
    const result = spawnSync(fakeKubectl, ['get', 'pods'], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(result.status).toBe(64);
  });
});
