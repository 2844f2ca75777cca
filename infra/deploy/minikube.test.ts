import { checkMinikubeRunning, minikubeDockerEnv, parseDockerEnv, type Runner } from './minikube';

/** A fake `minikube` answering from a table; anything else is "not installed". */
function fakeRunner(answers: Record<string, { status: number; stdout?: string; stderr?: string }>): Runner {
  return (command, args) => {
    const answer = answers[`${command} ${args[0]}`];
    if (!answer) return { status: null, stdout: '', stderr: '', error: new Error(`spawnSync ${command} ENOENT`) };
    return { status: answer.status, stdout: answer.stdout ?? '', stderr: answer.stderr ?? '' };
  };
}

describe('checkMinikubeRunning', () => {
  it.each([
    ['minikube is not installed', {}, false, 'minikube is not installed'],
    [
      'minikube is stopped',
      { 'minikube status': { status: 7, stdout: 'Stopped/Stopped/Stopped' } },
      false,
      'run minikube start --cpus 2 --memory 4096',
    ],
    ['minikube is running', { 'minikube status': { status: 0, stdout: 'Running/Running/Running\n' } }, true, 'running'],
  ])('when %s, then ok is %s', (_what, answers, ok, detail) => {
    const check = checkMinikubeRunning(fakeRunner(answers));
    expect(check.ok).toBe(ok);
    expect(check.detail).toContain(detail);
  });
});

describe('minikubeDockerEnv', () => {
  it('when docker-env prints its variables, then they are parsed', () => {
    const output =
      'DOCKER_TLS_VERIFY="1"\nDOCKER_HOST="tcp://192.168.49.2:2376"\nDOCKER_CERT_PATH="/home/u/.minikube/certs"\nMINIKUBE_ACTIVE_DOCKERD="minikube"\n';
    expect(parseDockerEnv(output)).toEqual({
      DOCKER_TLS_VERIFY: '1',
      DOCKER_HOST: 'tcp://192.168.49.2:2376',
      DOCKER_CERT_PATH: '/home/u/.minikube/certs',
      MINIKUBE_ACTIVE_DOCKERD: 'minikube',
    });
    const { check, env } = minikubeDockerEnv(fakeRunner({ 'minikube docker-env': { status: 0, stdout: output } }));
    expect([check.ok, env.DOCKER_HOST]).toEqual([true, 'tcp://192.168.49.2:2376']);
  });

  it('when docker-env fails (containerd runtime), then the message says how to start Minikube with Docker', () => {
    const { check } = minikubeDockerEnv(
      fakeRunner({ 'minikube docker-env': { status: 14, stderr: 'requires the docker container-runtime' } }),
    );
    expect(check.ok).toBe(false);
    expect(check.detail).toContain('--container-runtime=docker');
  });

  it('when docker-env gives an ssh:// host, then it is refused and no env is handed on', () => {
    const { check, env } = minikubeDockerEnv(
      fakeRunner({ 'minikube docker-env': { status: 0, stdout: 'DOCKER_HOST="ssh://docker@127.0.0.1:32772"\n' } }),
    );
    expect(check.ok).toBe(false);
    expect(check.detail).toContain('an ssh:// daemon (containerd runtime, or --ssh-host) cannot be used here');
    expect(env).toEqual({});
  });
});
