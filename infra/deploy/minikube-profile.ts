import type { ImageDelivery } from '../image-delivery-config';

/**
 * What `minikube profile list -o json` says about a cluster, and what follows from it: how the
 * images reach the node (`chooseImageDelivery`) and whether its NodePorts are reachable from this
 * machine (`needsPortForward`). Pure: the caller runs minikube and passes its output.
 *
 * Sources (kubernetes/minikube): cmd/minikube/cmd/config/profile_list.go `printProfilesJSON`
 * (`{"invalid":[...],"valid":[...]}`, each a `config.Profile` marshalled as is, exit 80
 * `ExGuestError` with `{"error":...}` when the profiles cannot be read); pkg/minikube/config/types.go
 * (`Profile{Name, Status, Config *ClusterConfig, Active, ActiveKubeContext}`, `ClusterConfig.Driver`,
 * `ClusterConfig.KubernetesConfig.ContainerRuntime`, `ClusterConfig.Nodes[].IP`);
 * cmd/minikube/cmd/docker-env.go (what `docker-env` refuses); pkg/minikube/driver/driver.go
 * (`IsKIC`, `NeedsPortForward`, `IsMicrosoftWSL`); pkg/drivers/kic/oci/oci.go
 * (`IsExternalDaemonHost`, `PointToHostDockerDaemon`).
 */

/** The fields of one profile this repository reads. */
export interface MinikubeProfile {
  name: string;
  /** `Running`, `Stopped`, `Paused`, `OK`, `Unknown`, ... (profile_list.go `profileStatus`). */
  status: string;
  /** `docker`, `podman`, `kvm2`, `hyperkit`, `qemu2`, `vfkit`, `hyperv`, `virtualbox`, `none`, `ssh`, ... */
  driver: string;
  /** `docker`, `containerd` or `cri-o`. */
  containerRuntime: string;
  nodeIps: string[];
  /** `Active`: the profile minikube's commands use without `-p` (newer minikube; false when absent). */
  active: boolean;
}

interface RawProfile {
  Name?: unknown;
  Status?: unknown;
  Active?: unknown;
  Config?: { Driver?: unknown; KubernetesConfig?: { ContainerRuntime?: unknown }; Nodes?: { IP?: unknown }[] | null } | null;
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * Parses `minikube profile list -o json`. Only the valid profiles count: an invalid one has no
 * usable config (minikube itself says to delete it). Returns the problem when the output is not
 * that JSON (minikube too old to know `-o json`, or its `{"error":...}` answer).
 */
export function parseProfileList(stdout: string): { profiles: MinikubeProfile[] } | { error: string } {
  const start = stdout.indexOf('{');
  let body: { valid?: RawProfile[] | null; error?: unknown };
  try {
    body = JSON.parse(start >= 0 ? stdout.slice(start) : stdout) as typeof body;
  } catch {
    return { error: `minikube profile list -o json printed something that is not JSON: ${JSON.stringify(stdout.slice(0, 80))}` };
  }
  if (body.error !== undefined) return { error: `minikube profile list -o json answered ${JSON.stringify(body.error)}` };
  if (!Array.isArray(body.valid)) return { error: 'minikube profile list -o json has no "valid" list' };
  return {
    profiles: body.valid.map((raw) => ({
      name: str(raw.Name),
      status: str(raw.Status),
      driver: str(raw.Config?.Driver),
      containerRuntime: str(raw.Config?.KubernetesConfig?.ContainerRuntime),
      nodeIps: (raw.Config?.Nodes ?? []).map((node) => str(node.IP)).filter((ip) => ip !== ''),
      active: raw.Active === true,
    })),
  };
}

/**
 * The profile the stack deploys to: the one named like its kube context (minikube names the context
 * after the profile). It must also be the one `minikube docker-env`, `image load` and `ip` act on
 * without `-p`: `$MINIKUBE_PROFILE`, else the profile marked `Active`, else `minikube`.
 */
export function selectProfile(
  profiles: readonly MinikubeProfile[],
  kubeContext: string,
  env: NodeJS.ProcessEnv,
): { profile: MinikubeProfile } | { problem: string } {
  const profile = profiles.find((p) => p.name === kubeContext);
  if (!profile) {
    const names = profiles.map((p) => p.name).join(', ') || 'none';
    return {
      problem: `no Minikube profile is named ${kubeContext}, the stack's kubeContext (profiles: ${names}): start it with minikube start -p ${kubeContext}, or set kubeContext to one of them`,
    };
  }
  const current = env.MINIKUBE_PROFILE || profiles.find((p) => p.active)?.name || 'minikube';
  if (current !== kubeContext) {
    return {
      problem: `the stack deploys to profile ${kubeContext} but minikube commands act on profile ${current}: run minikube profile ${kubeContext} (or export MINIKUBE_PROFILE=${kubeContext})`,
    };
  }
  return { profile };
}

export { IMAGE_DELIVERIES, type ImageDelivery } from '../image-delivery-config';

export interface DeliveryChoice {
  delivery: ImageDelivery;
  reason: string;
  /** Set when the stack's `imageDelivery` asks for what this cluster cannot do. */
  conflict?: string;
}

export interface DeliveryInput {
  /** The stack's `imageDelivery`, when set. */
  override?: ImageDelivery;
  /** The stack's `registryServer`, when set. */
  registryServer?: string;
  /** The cluster, when its profile could be read. */
  profile?: Pick<MinikubeProfile, 'name' | 'driver' | 'containerRuntime' | 'nodeIps'>;
}

/** Why `minikube docker-env` would refuse this cluster (docker-env.go), or undefined when it serves one. */
export function dockerEnvRefusal(profile: Pick<MinikubeProfile, 'driver' | 'containerRuntime' | 'nodeIps'>): string | undefined {
  if (profile.containerRuntime !== 'docker') {
    return `the ${profile.containerRuntime || 'unknown'} runtime has no Docker daemon: minikube docker-env serves only the docker runtime`;
  }
  if (profile.driver === 'none')
    return "the none driver has no docker-env (\"'none' driver does not support 'minikube docker-env' command\")";
  if (profile.nodeIps.length > 1) return 'docker-env "is incompatible with multi-node clusters"';
  return undefined;
}

/**
 * How the images reach the cluster: built in the node's own Docker daemon (`docker-env`, the docker
 * runtime on one node), loaded into its runtime (`image-load`: containerd, cri-o, rootless Podman,
 * several nodes), or pushed to `registryServer` (`registry`). `imageDelivery` overrides the choice;
 * each path keeps the content tags (infra/images), so only what changed is built.
 */
export function chooseImageDelivery(input: DeliveryInput): DeliveryChoice {
  const { override, registryServer, profile } = input;
  if (override) {
    const refusal = override === 'docker-env' && profile ? dockerEnvRefusal(profile) : undefined;
    return {
      delivery: override,
      reason: `imageDelivery is ${override} in the stack`,
      conflict: refusal && `profile ${profile?.name} cannot serve docker-env: ${refusal}`,
    };
  }
  if (registryServer) return { delivery: 'registry', reason: `registryServer is ${registryServer}` };
  if (!profile) return { delivery: 'docker-env', reason: 'the Minikube profile could not be read; docker-env is tried' };
  const refusal = dockerEnvRefusal(profile);
  const cluster = `profile ${profile.name}: ${profile.driver} driver, ${profile.containerRuntime} runtime`;
  if (refusal) return { delivery: 'image-load', reason: `${cluster}; ${refusal}` };
  return { delivery: 'docker-env', reason: `${cluster}; the images are built in the node's Docker daemon` };
}

/** The address family of docker-env's DOCKER_HOST as minikube sees it (its own variables reset first). */
function userDaemonHost(driver: string, env: NodeJS.ProcessEnv): string | undefined {
  if (driver === 'podman') return env.CONTAINER_HOST;
  // Inside a `minikube docker-env` shell minikube points itself back at the user's daemon
  // (MINIKUBE_EXISTING_DOCKER_HOST, else none): oci.go `PointToHostDockerDaemon`.
  return env.MINIKUBE_ACTIVE_DOCKERD ? env.MINIKUBE_EXISTING_DOCKER_HOST : env.DOCKER_HOST;
}

/**
 * minikube's `driver.NeedsPortForward`: the docker and podman drivers ("kic") give no route from
 * this machine to the node's IP on macOS, Windows and WSL (Docker Desktop), nor when their daemon
 * is on another host (`IsExternalDaemonHost`: DOCKER_HOST / CONTAINER_HOST with a host part). VM
 * drivers and the docker driver on Linux answer on the node's IP.
 */
export function needsPortForward(driver: string, platform: NodeJS.Platform, env: NodeJS.ProcessEnv): boolean {
  if (driver !== 'docker' && driver !== 'podman') return false;
  const daemon = userDaemonHost(driver, env);
  if (daemon) {
    try {
      if (new URL(daemon).host !== '') return true;
    } catch {
      // Not a URL: minikube's url.Parse fails too, and it goes on as for a local daemon.
    }
  }
  const wsl = Boolean(env.WSL_DISTRO_NAME || env.WSLPATH || env.WSLENV);
  return platform === 'darwin' || platform === 'win32' || wsl;
}
