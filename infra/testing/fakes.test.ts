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

function pulumi(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(fakePulumi, args, { cwd: project, encoding: 'utf8', env: { PATH: process.env.PATH, ...env } });
  return { status: result.status, stderr: result.stderr.trim(), stdout: result.stdout.trim() };
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
    const result = pulumi(['stack', 'select', 'dev', '--create', '--secrets-provider', 'passphrase'], { PULUMI_BACKEND_URL: `file://${project}/.pulumi` });
    expect(result).toMatchObject({ status: 255, stderr: 'error: passphrase must be set with PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE environment variables' });
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
      stderr: 'error: --yes must be passed in to proceed when running in non-interactive mode',
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

describe('the fake minikube', () => {
  it('when stopped, then status exits 7 and docker-env fails', () => {
    const env = { PATH: process.env.PATH, FAKE_MINIKUBE_STATE: 'Stopped' };
    expect(spawnSync(fakeMinikube, ['status'], { encoding: 'utf8', env }).status).toBe(7);
    expect(spawnSync(fakeMinikube, ['docker-env', '--shell', 'none'], { encoding: 'utf8', env }).status).not.toBe(0);
  });
});
