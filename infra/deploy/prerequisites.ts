import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as path from 'node:path';
import { parse } from 'yaml';

/**
 * The checks `npm run deploy` / `npm run preview` make before handing over to the Pulumi CLI, each
 * with the command that fixes it. Pure where possible; commands run through an injectable runner so
 * the tests can play Minikube.
 */

export interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Set when the command could not start at all (e.g. not installed). */
  error?: Error;
}
export type Runner = (command: string, args: string[]) => CommandResult;

export const systemRunner: Runner = (command, args) => {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '', error: result.error };
};

export interface Check {
  name: string;
  ok: boolean;
  /** What was found, or what to do about it. */
  detail: string;
}

export interface StackSettings {
  kubeContext: string;
  registryServer?: string;
}

/** The committed stack file's settings the checks depend on (same defaults as infra/config.ts). */
export function readStackSettings(root: string, stack: string): StackSettings | undefined {
  const file = path.join(root, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(file)) return undefined;
  const config = ((parse(fs.readFileSync(file, 'utf8')) ?? {}) as { config?: Record<string, unknown> }).config ?? {};
  const server = config['todo:registry.server'];
  return {
    kubeContext: typeof config['todo:kubeContext'] === 'string' ? config['todo:kubeContext'] : 'minikube',
    registryServer: typeof server === 'string' ? server : undefined,
  };
}

export function checkStackFile(root: string, stack: string): Check {
  const exists = fs.existsSync(path.join(root, `Pulumi.${stack}.yaml`));
  return {
    name: `stack "${stack}"`,
    ok: exists,
    detail: exists
      ? `Pulumi.${stack}.yaml`
      : `Pulumi.${stack}.yaml does not exist. Use --stack dev (Minikube) or --stack prod, or copy Pulumi.dev.yaml to Pulumi.${stack}.yaml`,
  };
}

export function checkPassphrase(env: NodeJS.ProcessEnv): Check {
  const file = env.PULUMI_CONFIG_PASSPHRASE_FILE;
  if (env.PULUMI_CONFIG_PASSPHRASE !== undefined && env.PULUMI_CONFIG_PASSPHRASE !== '') {
    return { name: 'secrets passphrase', ok: true, detail: 'PULUMI_CONFIG_PASSPHRASE is set' };
  }
  if (file) {
    const ok = fs.existsSync(file);
    return {
      name: 'secrets passphrase',
      ok,
      detail: ok ? `PULUMI_CONFIG_PASSPHRASE_FILE=${file}` : `PULUMI_CONFIG_PASSPHRASE_FILE points at ${file}, which does not exist`,
    };
  }
  return {
    name: 'secrets passphrase',
    ok: false,
    detail:
      'Set the passphrase that encrypts this stack\'s secrets: export PULUMI_CONFIG_PASSPHRASE=\'<choose one and keep it>\' (or PULUMI_CONFIG_PASSPHRASE_FILE=<file>)',
  };
}

export function checkPulumiCli(root: string): Check {
  const bin = pulumiBin(root);
  const ok = fs.existsSync(bin);
  return {
    name: 'Pulumi CLI (npm package "pulumi")',
    ok,
    detail: ok
      ? `${path.relative(root, bin)} (downloads the CLI into ~/.pulumi on first use)`
      : 'node_modules/.bin/pulumi is missing: run npm ci at the repository root',
  };
}

export function pulumiBin(root: string): string {
  return path.join(root, 'node_modules', '.bin', 'pulumi');
}

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
    detail: `minikube is not running (${state || result.stderr.trim() || 'no status'}): run minikube start --cpus 2 --memory 4096`,
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

export function minikubeDockerEnv(run: Runner): { check: Check; env: Record<string, string> } {
  const result = run('minikube', ['docker-env', '--shell', 'none']);
  const env = result.status === 0 ? parseDockerEnv(result.stdout) : {};
  const ok = env.DOCKER_HOST !== undefined;
  return {
    check: {
      name: "Minikube's Docker daemon",
      ok,
      detail: ok
        ? `DOCKER_HOST=${env.DOCKER_HOST}`
        : `minikube docker-env failed (${result.stderr.trim() || 'no DOCKER_HOST'}). The images are built inside Minikube: use the docker driver or a VM driver with the docker runtime (minikube start --container-runtime=docker)`,
    },
    env,
  };
}

/**
 * GET /_ping on the daemon DOCKER_HOST names (tcp with optional TLS, or a unix socket), which is
 * what the Docker provider will talk to. Resolves to a Check; never throws.
 */
export function pingDocker(env: Record<string, string | undefined>, timeoutMs = 5000): Promise<Check> {
  const host = env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
  const name = 'Docker daemon reachable';
  return new Promise((resolve) => {
    const done = (ok: boolean, detail: string) => resolve({ name, ok, detail });
    let request: http.ClientRequest;
    try {
      if (host.startsWith('unix://')) {
        request = http.request({ socketPath: host.slice('unix://'.length), path: '/_ping', timeout: timeoutMs });
      } else {
        const url = new URL(host.replace(/^tcp:/, 'http:'));
        const tls = env.DOCKER_TLS_VERIFY === '1' || env.DOCKER_CERT_PATH !== undefined;
        const certPath = env.DOCKER_CERT_PATH ?? '';
        const read = (file: string) => (certPath ? fs.readFileSync(path.join(certPath, file)) : undefined);
        request = tls
          ? https.request({
              host: url.hostname,
              port: url.port,
              path: '/_ping',
              timeout: timeoutMs,
              ca: read('ca.pem'),
              cert: read('cert.pem'),
              key: read('key.pem'),
            })
          : http.request({ host: url.hostname, port: url.port, path: '/_ping', timeout: timeoutMs });
      }
    } catch (error) {
      done(false, `cannot reach ${host}: ${(error as Error).message}`);
      return;
    }
    request.on('response', (response) => {
      response.resume();
      done(response.statusCode === 200, response.statusCode === 200 ? `${host} answered /_ping` : `${host} answered ${response.statusCode}`);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', (error) =>
      done(false, `cannot reach ${host}: ${error.message}. Is the daemon up? (Minikube: minikube start; elsewhere: start Docker)`),
    );
    request.end();
  });
}

/** Where state lives: the user's own login if any, else a project-local file backend (no account needed). */
export function backendUrl(env: NodeJS.ProcessEnv, root: string): string {
  return env.PULUMI_BACKEND_URL ?? `file://${path.join(root, '.pulumi')}`;
}

export interface Prerequisites {
  checks: Check[];
  /** Environment for the Pulumi CLI: Docker daemon variables and the backend URL added. */
  env: NodeJS.ProcessEnv;
}

/** Runs every check for a stack, in the order a user would fix them. */
export async function checkPrerequisites(options: {
  root: string;
  stack: string;
  env: NodeJS.ProcessEnv;
  run?: Runner;
}): Promise<Prerequisites> {
  const run = options.run ?? systemRunner;
  const checks: Check[] = [checkPulumiCli(options.root), checkStackFile(options.root, options.stack), checkPassphrase(options.env)];
  const settings = readStackSettings(options.root, options.stack);
  let dockerEnv: Record<string, string> = {};
  if (settings && settings.kubeContext === 'minikube' && !settings.registryServer) {
    const minikube = checkMinikubeRunning(run);
    checks.push(minikube);
    if (minikube.ok) {
      const docker = minikubeDockerEnv(run);
      checks.push(docker.check);
      dockerEnv = docker.env;
      if (docker.check.ok) checks.push(await pingDocker(dockerEnv));
    }
  } else if (settings) {
    checks.push(await pingDocker(options.env as Record<string, string | undefined>));
  }
  const env: NodeJS.ProcessEnv = {
    ...options.env,
    ...dockerEnv,
    PULUMI_BACKEND_URL: backendUrl(options.env, options.root),
    PULUMI_SKIP_UPDATE_CHECK: 'true',
  };
  return { checks, env };
}

export function formatChecks(checks: readonly Check[]): string {
  return checks.map((c) => `${c.ok ? '  ok ' : '  FAIL'} ${c.name}: ${c.detail}`).join('\n');
}
