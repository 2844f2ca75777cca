import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import {
  chooseImageDelivery,
  needsPortForward,
  parseProfileList,
  selectProfile,
  type ImageDelivery,
  type MinikubeProfile,
} from './minikube-profile';

const fakeMinikube = path.join(__dirname, '..', 'testing', 'fakes', 'minikube');

/** `minikube profile list -o json` as the fake prints it for a driver, runtime and node count. */
function fakeProfileList(driver: string, runtime: string, nodes = 1): string {
  const env = { PATH: process.env.PATH, FAKE_MINIKUBE_DRIVER: driver, FAKE_MINIKUBE_RUNTIME: runtime, FAKE_MINIKUBE_NODES: String(nodes) };
  return spawnSync(fakeMinikube, ['profile', 'list', '-o', 'json'], { encoding: 'utf8', env }).stdout;
}

function profile(driver: string, containerRuntime: string, nodeIps = ['192.168.49.2']): MinikubeProfile {
  return { name: 'minikube', status: 'OK', driver, containerRuntime, nodeIps, active: true };
}

describe('parseProfileList', () => {
  it('when minikube prints its JSON for a docker-driver profile, then driver, runtime, node IPs and Active are read', () => {
    expect(parseProfileList(fakeProfileList('docker', 'docker'))).toEqual({ profiles: [profile('docker', 'docker')] });
  });

  it('when the cluster has two nodes on containerd, then both node IPs are read', () => {
    expect(parseProfileList(fakeProfileList('kvm2', 'containerd', 2))).toEqual({
      profiles: [profile('kvm2', 'containerd', ['192.168.49.2', '192.168.49.3'])],
    });
  });

  it('when a line precedes the JSON (an update notice), then the JSON is still read', () => {
    expect(parseProfileList(`! minikube 1.38 is available\n${fakeProfileList('podman', 'cri-o')}`)).toEqual({
      profiles: [profile('podman', 'cri-o')],
    });
  });

  it.each([
    [
      'not JSON',
      'Error: unknown shorthand flag',
      'minikube profile list -o json printed something that is not JSON: "Error: unknown shorthand flag"',
    ],
    ['its error answer', '{"error":{"Op":"open"}}', 'minikube profile list -o json answered {"Op":"open"}'],
    ['no valid list', '{"invalid":[]}', 'minikube profile list -o json has no "valid" list'],
  ])('when the output is %s, then the problem is named', (_what, stdout, error) => {
    expect(parseProfileList(stdout)).toEqual({ error });
  });
});

describe('selectProfile', () => {
  const dev = { ...profile('docker', 'docker'), name: 'dev', active: false };
  const mk = profile('docker', 'docker');

  it('when the kube context names the active profile, then that profile is used', () => {
    expect(selectProfile([dev, mk], 'minikube', {})).toEqual({ profile: mk });
  });

  it('when MINIKUBE_PROFILE names another profile than the kube context, then the fix selects the right one', () => {
    expect(selectProfile([dev, mk], 'minikube', { MINIKUBE_PROFILE: 'dev' })).toEqual({
      problem:
        'the stack deploys to profile minikube but minikube commands act on profile dev: run minikube profile minikube (or export MINIKUBE_PROFILE=minikube)',
    });
  });

  it('when no profile has the kube context name, then the fix starts one', () => {
    expect(selectProfile([dev], 'minikube', {})).toEqual({
      problem:
        "no Minikube profile is named minikube, the stack's kubeContext (profiles: dev): start it with minikube start -p minikube, or set kubeContext to one of them",
    });
  });
});

describe('chooseImageDelivery', () => {
  type Row = [string, string, ImageDelivery | undefined, string | undefined, ImageDelivery, boolean];
  // driver × runtime × override (× registryServer) → delivery, and whether the override conflicts.
  it.each<Row>([
    ['docker', 'docker', undefined, undefined, 'docker-env', false],
    ['docker', 'containerd', undefined, undefined, 'image-load', false],
    ['docker', 'cri-o', undefined, undefined, 'image-load', false],
    ['podman', 'cri-o', undefined, undefined, 'image-load', false],
    ['podman', 'containerd', undefined, undefined, 'image-load', false],
    ['hyperkit', 'docker', undefined, undefined, 'docker-env', false],
    ['qemu2', 'docker', undefined, undefined, 'docker-env', false],
    ['qemu2', 'containerd', undefined, undefined, 'image-load', false],
    ['hyperv', 'docker', undefined, undefined, 'docker-env', false],
    ['none', 'docker', undefined, undefined, 'image-load', false],
    ['docker', 'docker', undefined, 'ghcr.io/acme', 'registry', false],
    ['docker', 'docker', 'image-load', undefined, 'image-load', false],
    ['docker', 'docker', 'registry', 'ghcr.io/acme', 'registry', false],
    ['docker', 'containerd', 'registry', 'ghcr.io/acme', 'registry', false],
    ['docker', 'containerd', 'docker-env', undefined, 'docker-env', true],
    ['podman', 'cri-o', 'image-load', undefined, 'image-load', false],
  ])(
    'when the %s driver runs %s with imageDelivery %s and registryServer %s, then %s (conflict: %s)',
    (driver, runtime, override, registryServer, delivery, conflict) => {
      const choice = chooseImageDelivery({ override, registryServer, profile: profile(driver, runtime) });
      expect([choice.delivery, choice.conflict !== undefined]).toEqual([delivery, conflict]);
    },
  );

  it('when there are two nodes on the docker runtime, then image-load, because docker-env refuses several nodes', () => {
    expect(chooseImageDelivery({ profile: profile('docker', 'docker', ['192.168.49.2', '192.168.49.3']) })).toEqual({
      delivery: 'image-load',
      reason: 'profile minikube: docker driver, docker runtime; docker-env "is incompatible with multi-node clusters"',
    });
  });

  it('when rootless Podman runs containerd, then the reason quotes what docker-env refuses', () => {
    expect(chooseImageDelivery({ profile: profile('podman', 'containerd') })).toEqual({
      delivery: 'image-load',
      reason:
        'profile minikube: podman driver, containerd runtime; the containerd runtime has no Docker daemon: minikube docker-env serves only the docker runtime',
    });
  });

  it('when the profile could not be read, then docker-env is tried, as before', () => {
    expect(chooseImageDelivery({})).toEqual({
      delivery: 'docker-env',
      reason: 'the Minikube profile could not be read; docker-env is tried',
    });
  });
});

describe('needsPortForward', () => {
  type Row = [NodeJS.Platform, string, NodeJS.ProcessEnv, boolean];
  it.each<Row>([
    ['linux', 'docker', {}, false],
    ['linux', 'podman', {}, false],
    ['linux', 'kvm2', {}, false],
    ['linux', 'none', {}, false],
    ['darwin', 'docker', {}, true],
    ['darwin', 'podman', {}, true],
    ['darwin', 'hyperkit', {}, false],
    ['darwin', 'qemu2', {}, false],
    ['darwin', 'vfkit', {}, false],
    ['win32', 'docker', {}, true],
    ['win32', 'hyperv', {}, false],
    ['linux', 'docker', { WSL_DISTRO_NAME: 'Ubuntu' }, true],
    ['linux', 'docker', { DOCKER_HOST: 'tcp://10.0.0.5:2376' }, true],
    ['linux', 'docker', { DOCKER_HOST: 'unix:///var/run/docker.sock' }, false],
    // Inside a `minikube docker-env` shell minikube looks at the user's own daemon, not the node's.
    ['linux', 'docker', { DOCKER_HOST: 'tcp://192.168.49.2:2376', MINIKUBE_ACTIVE_DOCKERD: 'minikube' }, false],
    ['linux', 'podman', { CONTAINER_HOST: 'ssh://core@127.0.0.1:53211/run/podman/podman.sock' }, true],
  ])('when on %s with the %s driver and %j, then port-forward is %s', (platform, driver, env, expected) => {
    expect(needsPortForward(driver, platform, env)).toBe(expected);
  });
});
