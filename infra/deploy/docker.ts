import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as path from 'node:path';
import type { Check } from './checks';

/** What the daemon said on `GET /version`: the platform it builds for natively. */
export interface DaemonProbe {
  check: Check;
  /** `linux/amd64`, `linux/arm64`, ... when the daemon answered. */
  platform?: string;
}

/**
 * One request on a connection of its own (`agent: false`): the wrapper asks a few questions and
 * moves on, so no kept-alive socket should hold the process (Node's global agent keeps them alive).
 */
function request(env: Record<string, string | undefined>, urlPath: string, timeoutMs: number): http.ClientRequest {
  const host = dockerHostOf(env);
  const base = { path: urlPath, timeout: timeoutMs, agent: false } as const;
  if (host.startsWith('unix://')) return http.request({ ...base, socketPath: host.slice('unix://'.length) });
  const url = new URL(host.replace(/^tcp:/, 'http:'));
  const tls = env.DOCKER_TLS_VERIFY === '1' || env.DOCKER_CERT_PATH !== undefined;
  if (!tls) return http.request({ ...base, host: url.hostname, port: url.port });
  const certPath = env.DOCKER_CERT_PATH ?? '';
  const read = (file: string) => (certPath ? fs.readFileSync(path.join(certPath, file)) : undefined);
  return https.request({
    ...base,
    host: url.hostname,
    port: url.port,
    ca: read('ca.pem'),
    cert: read('cert.pem'),
    key: read('key.pem'),
  });
}

/** The daemon's answer to one request: its status code and body. */
export interface DaemonAnswer {
  status: number;
  body: string;
}

/**
 * `GET <urlPath>` on the daemon `env` names (DOCKER_HOST: tcp, with TLS when DOCKER_CERT_PATH or
 * DOCKER_TLS_VERIFY say so, or a unix socket; the default socket without it), as the Docker
 * provider and CLI would reach it. Resolves to any answer, whatever its status; rejects only when no
 * answer came (refused, unreachable, no answer within `timeoutMs`).
 */
export function dockerGet(env: Record<string, string | undefined>, urlPath: string, timeoutMs = 5000): Promise<DaemonAnswer> {
  return new Promise((resolve, reject) => {
    let req: http.ClientRequest;
    try {
      req = request(env, urlPath, timeoutMs);
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    req.on('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      response.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** Where `env` sends Docker requests, for messages. */
export function dockerHostOf(env: Record<string, string | undefined>): string {
  return env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
}

/**
 * `GET /version` on the daemon DOCKER_HOST names (tcp, with TLS when DOCKER_CERT_PATH or
 * DOCKER_TLS_VERIFY say so, or a unix socket): the daemon the Docker provider will talk to. The
 * provider takes DOCKER_HOST / DOCKER_CERT_PATH from the environment when it starts, for every
 * command, destroy and refresh included (pulumi/pulumi-docker provider/provider.go
 * `setConfiguration`). Never throws.
 */
export async function probeDocker(env: Record<string, string | undefined>, timeoutMs = 5000): Promise<DaemonProbe> {
  const host = dockerHostOf(env);
  const name = 'Docker daemon reachable';
  const fail = (detail: string): DaemonProbe => ({ check: { name, ok: false, detail } });
  let answer: DaemonAnswer;
  try {
    answer = await dockerGet(env, '/version', timeoutMs);
  } catch (error) {
    return fail(`cannot reach ${host}: ${(error as Error).message}. Is the daemon up? (Minikube: minikube start; elsewhere: start Docker)`);
  }
  if (answer.status !== 200) return fail(`${host} answered ${answer.status} to /version`);
  let version: { Os?: string; Arch?: string } = {};
  try {
    version = JSON.parse(answer.body) as typeof version;
  } catch {
    return fail(`${host} answered /version with something that is not Docker's JSON`);
  }
  const platform = version.Os && version.Arch ? `${version.Os}/${version.Arch}` : undefined;
  return { check: { name, ok: true, detail: `${host} answered (${platform ?? 'platform unknown'})` }, platform };
}

/** Node's `process.arch` in Docker's words. */
export function dockerArch(nodeArch: string): string {
  return (
    ({ x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x' } as Record<string, string>)[nodeArch] ??
    nodeArch
  );
}

/**
 * Without `imagePlatform` the Docker provider builds for `linux/<arch of the machine running
 * Pulumi>` (pulumi/pulumi-docker provider/provider.go `Check`), not for the daemon's: on Minikube the
 * two must match, or the node gets images it cannot run ("exec format error").
 */
export function checkBuildPlatform(
  daemonPlatform: string | undefined,
  hostArch: string,
  configured: string | undefined,
  stack: string,
): Check {
  const name = 'image platform';
  const built = configured ?? `linux/${dockerArch(hostArch)}`;
  if (!daemonPlatform) return { name, ok: true, detail: `${built} (the daemon did not say its own)` };
  if (daemonPlatform === built) return { name, ok: true, detail: `${built}, the Minikube node's own` };
  return {
    name,
    ok: false,
    detail: `the images would be built for ${built} but Minikube's node is ${daemonPlatform}: npx pulumi config set imagePlatform ${daemonPlatform} --stack ${stack}`,
  };
}
