import { needsPortForward, parseProfileList, type MinikubeProfile } from '../deploy/minikube-profile';
import { FRONTEND_PORT } from '../ports';

/**
 * How this machine reaches a Minikube NodePort: on the node's IP where the driver routes to it (the
 * docker driver on Linux, the VM drivers), else through `kubectl port-forward` to the frontend
 * Service (the docker and podman drivers on macOS, Windows and WSL: minikube's own
 * `driver.NeedsPortForward`, infra/deploy/minikube-profile.ts). Pure: the caller runs minikube.
 */

export type Reach =
  | { kind: 'node-ip' }
  | {
      kind: 'port-forward';
      /** The kubectl context: minikube names it after the profile. */
      context: string;
      namespace: string;
      service: 'frontend';
      /** The Service's port (infra/stack-plan.ts: the frontend Service serves FRONTEND_PORT). */
      port: number;
    };

export interface ReachChoice {
  reach: Reach;
  /** Why, for the smoke test's first line and the URL printed after a deploy. */
  reason: string;
}

export function chooseReach(input: {
  profile?: Pick<MinikubeProfile, 'name' | 'driver'>;
  namespace: string;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
}): ReachChoice {
  const { profile } = input;
  if (!profile) return { reach: { kind: 'node-ip' }, reason: 'host from minikube ip' };
  if (!needsPortForward(profile.driver, input.platform, input.env)) {
    return { reach: { kind: 'node-ip' }, reason: `host from minikube ip (the ${profile.driver} driver routes to the node)` };
  }
  return {
    reach: { kind: 'port-forward', context: profile.name, namespace: input.namespace, service: 'frontend', port: FRONTEND_PORT },
    reason: `through kubectl port-forward: the ${profile.driver} driver on ${input.platform} gives no route to the node's IP`,
  };
}

/**
 * The profile `minikube ip` and `minikube service` act on, from `minikube profile list -o json`:
 * `$MINIKUBE_PROFILE`, else the one marked `Active`, else `minikube`. Undefined when the list
 * cannot be read (the caller then keeps the node IP, as before).
 */
export function currentProfile(stdout: string, env: NodeJS.ProcessEnv): MinikubeProfile | undefined {
  const parsed = parseProfileList(stdout);
  if ('error' in parsed) return undefined;
  const name = env.MINIKUBE_PROFILE || parsed.profiles.find((p) => p.active)?.name || 'minikube';
  return parsed.profiles.find((p) => p.name === name);
}

/** `kubectl port-forward`'s arguments: a free local port on loopback only (`:<port>` lets kubectl pick it). */
export function portForwardArgs(reach: Extract<Reach, { kind: 'port-forward' }>): string[] {
  return [
    '--context',
    reach.context,
    '-n',
    reach.namespace,
    'port-forward',
    `service/${reach.service}`,
    `:${reach.port}`,
    '--address',
    '127.0.0.1',
  ];
}

/** The local port from kubectl's "Forwarding from 127.0.0.1:54321 -> 3000", once it printed it. */
export function forwardedPort(output: string): number | undefined {
  const match = /Forwarding from 127\.0\.0\.1:(\d+) ->/.exec(output);
  return match ? Number(match[1]) : undefined;
}
