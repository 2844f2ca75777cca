import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { repoRoot, type Workload } from './workload';

/** The Debian client drives BuildKit with DOCKER_BUILDKIT=1 by itself; see .ci/docker.sh. */
export const dockerBin = process.env.DOCKER ?? (existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker');

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command with a hard timeout; never throws on a non-zero exit (callers assert). */
export function run(file: string, args: string[], timeoutMs = 60_000, env: NodeJS.ProcessEnv = process.env): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export const docker = (args: string[], timeoutMs?: number): Promise<Result> => run(dockerBin, args, timeoutMs);

export async function dockerOk(args: string[], timeoutMs?: number): Promise<string> {
  const result = await docker(args, timeoutMs);
  if (result.code !== 0) throw new Error(`docker ${args.join(' ')} exited ${result.code}:\n${result.stderr}${result.stdout}`);
  return result.stdout.trim();
}

/** Builds one image from the declared Dockerfile and context; returns the wall time in seconds. */
export async function buildImage(workload: Workload, tag: string, extraArgs: readonly string[] = []): Promise<number> {
  const args = ['build', '--network=host', '-f', workload.dockerfile, '-t', tag, ...extraArgs];
  // Unset: the Dockerfile's default base (an official node image, or the local stand-in .ci/docker.sh makes).
  const buildArgs = { ...workload.buildArgs, ...(process.env.NODE_IMAGE ? { NODE_IMAGE: process.env.NODE_IMAGE } : {}) };
  for (const [key, value] of Object.entries(buildArgs)) args.push('--build-arg', `${key}=${value}`);
  args.push(workload.context);
  const started = Date.now();
  const result = await run(dockerBin, args, 900_000, { ...process.env, DOCKER_BUILDKIT: '1' });
  if (result.code !== 0) throw new Error(`building ${tag} failed:\n${result.stderr.slice(-6000)}`);
  return (Date.now() - started) / 1000;
}

export interface ImageSize {
  uncompressedBytes: number;
  /** `docker save <image> | gzip` (default level), as the design's budget is stated. */
  compressedBytes: number;
}

export async function imageSize(tag: string): Promise<ImageSize> {
  const uncompressedBytes = Number(await dockerOk(['image', 'inspect', '--format', '{{.Size}}', tag]));
  const result = await run('sh', ['-c', `"${dockerBin}" save "$0" | gzip -c | wc -c`, tag], 300_000);
  if (result.code !== 0) throw new Error(`docker save ${tag} failed: ${result.stderr}`);
  return { uncompressedBytes, compressedBytes: Number(result.stdout.trim()) };
}

/** Every path in the image's filesystem (`docker create` + `docker export`). */
export async function imageFiles(tag: string): Promise<string[]> {
  const id = await dockerOk(['create', tag]);
  try {
    const result = await run('sh', ['-c', `"${dockerBin}" export "$0" | tar -t`, id], 300_000);
    if (result.code !== 0) throw new Error(`docker export ${tag} failed: ${result.stderr}`);
    return result.stdout.split('\n').filter(Boolean);
  } finally {
    await docker(['rm', '-f', id]);
  }
}

export interface RunOptions {
  name: string;
  image: string;
  workload: Workload;
  env: Record<string, string>;
  command?: string[];
}

/**
 * `docker run` the way the Deployment declares the pod: uid:gid, read-only root, dropped
 * capabilities, no privilege escalation, tmpfs only at the declared emptyDir paths. No bridge network
 * on this engine, so the container shares the host network and listens on the port given in env.
 */
export function securityArgs(workload: Workload): string[] {
  const args = ['--user', `${workload.runAsUser}:${workload.runAsGroup}`];
  if (workload.readOnlyRootFilesystem) args.push('--read-only');
  for (const capability of workload.dropCapabilities) args.push(`--cap-drop=${capability}`);
  if (!workload.allowPrivilegeEscalation) args.push('--security-opt', 'no-new-privileges');
  for (const path of workload.writablePaths) {
    args.push('--tmpfs', `${path}:rw,noexec,nosuid,size=64m,uid=${workload.runAsUser},gid=${workload.runAsGroup},mode=0700`);
  }
  return args;
}

export async function startContainer(options: RunOptions): Promise<string> {
  await docker(['rm', '-f', options.name]);
  const args = ['run', '-d', '--name', options.name, '--network=host', ...securityArgs(options.workload)];
  for (const [key, value] of Object.entries(options.env)) args.push('-e', `${key}=${value}`);
  args.push(options.image, ...(options.command ?? []));
  return dockerOk(args);
}

export async function containerState(name: string): Promise<{ running: boolean; exitCode: number; finishedAt: string }> {
  const out = await dockerOk(['inspect', '--format', '{{.State.Running}} {{.State.ExitCode}} {{.State.FinishedAt}}', name]);
  const [running, exitCode, finishedAt] = out.split(' ');
  return { running: running === 'true', exitCode: Number(exitCode), finishedAt: finishedAt ?? '' };
}

export async function logs(name: string): Promise<string> {
  const result = await docker(['logs', '--tail', '60', name]);
  return `${result.stdout}${result.stderr}`;
}

export interface HttpAnswer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
  ms: number;
}

/** One HTTP request on a fresh connection (no keep-alive), with a hard timeout. */
export function http(
  url: string,
  options: { method?: string; body?: string; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        agent: false,
        headers: { connection: 'close', ...(options.body ? { 'content-type': 'application/json' } : {}), ...options.headers },
        timeout: options.timeoutMs ?? 5_000,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers, ms: Date.now() - started }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout after ${options.timeoutMs ?? 5_000} ms`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
