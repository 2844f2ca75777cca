import { spawnSync } from 'node:child_process';
import type { Check } from './checks';

export interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Set when the command could not start at all (e.g. not installed). */
  error?: Error;
}
export type Runner = (command: string, args: string[]) => CommandResult;

/** Runs a command found on the environment's PATH (the real `minikube`, or a test's fake placed first). */
export function systemRunner(env: NodeJS.ProcessEnv = process.env): Runner {
  return (command, args) => {
    const result = spawnSync(command, args, { encoding: 'utf8', timeout: 60_000, env });
    return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '', error: result.error };
  };
}

export const MINIKUBE_START = 'minikube start --cpus 2 --memory 4096 --container-runtime=docker';

export function checkMinikubeRunning(run: Runner): Check {
  const result = run('minikube', ['status', '--format', '{{.Host}}/{{.Kubelet}}/{{.APIServer}}']);
  if (result.error) {
    return { name: 'Minikube', ok: false, detail: 'minikube is not installed: see https://minikube.sigs.k8s.io/docs/start/' };
  }
  const state = result.stdout.trim();
  if (state === 'Running/Running/Running') return { name: 'Minikube', ok: true, detail: 'host, kubelet and API server running' };
  return {
    name: 'Minikube',
    ok: false,
    detail: `minikube is not running (${state || result.stderr.trim() || 'no status'}): run ${MINIKUBE_START}`,
  };
}

/** `minikube docker-env --shell none` prints KEY=VALUE lines (DOCKER_HOST, DOCKER_CERT_PATH, ...). */
export function parseDockerEnv(output: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of output.split(/\r?\n/)) {
    const match = /^(?:export\s+)?([A-Z_][A-Z0-9_]*)="?([^"]*)"?$/.exec(line.trim());
    if (match) env[match[1] as string] = match[2] as string;
  }
  return env;
}

/**
 * Minikube's Docker daemon, where the images are built (nothing to push, `imagePullPolicy: Never`).
 * Refused: no docker-env at all, and an `ssh://` DOCKER_HOST (what Minikube gives for the
 * containerd runtime or with `--ssh-host`): there is no Docker API over tcp to build with and check.
 */
export function minikubeDockerEnv(run: Runner): { check: Check; env: Record<string, string> } {
  const name = "Minikube's Docker daemon";
  const result = run('minikube', ['docker-env', '--shell', 'none']);
  const env = result.status === 0 ? parseDockerEnv(result.stdout) : {};
  const host = env.DOCKER_HOST;
  if (host === undefined) {
    return {
      check: {
        name,
        ok: false,
        detail: `minikube docker-env failed (${result.stderr.trim() || 'no DOCKER_HOST'}). The images are built inside Minikube's Docker: ${MINIKUBE_START} (recreate with minikube delete if it uses another runtime)`,
      },
      env: {},
    };
  }
  if (host.startsWith('ssh://')) {
    return {
      check: {
        name,
        ok: false,
        detail: `minikube docker-env gave DOCKER_HOST=${host}: an ssh:// daemon (containerd runtime, or --ssh-host) cannot be used here. Recreate Minikube with the Docker runtime: minikube delete && ${MINIKUBE_START}`,
      },
      env: {},
    };
  }
  return { check: { name, ok: true, detail: `DOCKER_HOST=${host}` }, env };
}
