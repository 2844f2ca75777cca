/**
 * Starts the real system for the browser suite: an isolated migrated database (a fresh schema on
 * DATABASE_URL, or an embedded PGlite), the scripted LLM server, the backend bundle
 * (`apps/backend/dist/main.js`) and the frontend's standalone server, each on a free loopback port.
 * Both apps must have been built (`npm run test:e2e` does that first).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../../backend/src/testing/database';
import { startScriptedLlmServer, type ScriptedLlmServer } from '../../backend/src/assistant/testing/scripted-llm-server';
import { freePort } from '../../../bench/lib/ports';

export const repositoryRoot = resolve(__dirname, '..', '..', '..');
export const artifactsDir = join(repositoryRoot, 'artifacts', 'e2e');
const backendEntry = join(repositoryRoot, 'apps', 'backend', 'dist', 'main.js');
const frontendEntry = join(repositoryRoot, 'apps', 'frontend', '.next', 'standalone', 'apps', 'frontend', 'server.js');

export interface Stack {
  frontendUrl: string;
  backendUrl: string;
  llm: ScriptedLlmServer;
  /** Resident set size of the frontend server, in MiB, read from /proc. */
  frontendRssMiB(): number;
  stop(): Promise<void>;
}

interface Service {
  name: string;
  child: ChildProcess;
  logPath: string;
}

function startService(name: string, entry: string, env: Record<string, string>): Service {
  if (!existsSync(entry)) throw new Error(`${entry} is missing: build first (npm run test:e2e builds both apps)`);
  const logPath = join(artifactsDir, 'logs', `${name}.log`);
  const log = createWriteStream(logPath);
  const child = spawn(process.execPath, [entry], {
    cwd: join(entry, '..'),
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return { name, child, logPath };
}

function logTail(service: Service): string {
  try {
    return readFileSync(service.logPath, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Polls `url` until it answers 200, failing early (with the log tail) if the process exits. */
async function waitUntilReady(service: Service, url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null) {
      throw new Error(`${service.name} exited with ${service.child.exitCode} before it was ready:\n${logTail(service)}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((wait) => setTimeout(wait, 200));
  }
  throw new Error(`${service.name} was not ready at ${url} within ${timeoutMs} ms:\n${logTail(service)}`);
}

async function stopService(service: Service): Promise<void> {
  if (service.child.exitCode !== null || service.child.signalCode !== null) return;
  const exited = new Promise<void>((done) => service.child.once('exit', () => done()));
  service.child.kill('SIGTERM');
  const timer = setTimeout(() => service.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

function rssMiB(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round((Number(match[1]) / 1024) * 10) / 10 : Number.NaN;
}

export async function startStack(): Promise<Stack> {
  mkdirSync(join(artifactsDir, 'logs'), { recursive: true });
  const services: Service[] = [];
  let database: TestDatabase | undefined;
  let llm: ScriptedLlmServer | undefined;

  const stop = async () => {
    for (const service of [...services].reverse()) await stopService(service);
    await llm?.close();
    await database?.close();
  };

  try {
    database = await createTestDatabase();
    llm = await startScriptedLlmServer();
    const [backendPort, frontendPort] = [await freePort(), await freePort()];
    const backendUrl = `http://127.0.0.1:${backendPort}`;
    const frontendUrl = `http://127.0.0.1:${frontendPort}`;

    const backend = startService('backend', backendEntry, {
      PORT: String(backendPort),
      DATABASE_URL: database.url,
      JWT_SECRET: randomBytes(32).toString('hex'),
      FRONTEND_URL: frontendUrl,
      LOG_LEVEL: 'info',
      SHUTDOWN_DRAIN_MS: '0',
      LLM_PROVIDER: 'groq',
      GROQ_API_KEY: 'e2e-scripted-key',
      GROQ_BASE_URL: llm.url,
    });
    services.push(backend);
    await waitUntilReady(backend, `${backendUrl}/health/ready`);

    const frontend = startService('frontend', frontendEntry, {
      PORT: String(frontendPort),
      HOSTNAME: '127.0.0.1',
      BACKEND_URL: backendUrl,
      NEXT_TELEMETRY_DISABLED: '1',
    });
    services.push(frontend);
    await waitUntilReady(frontend, `${frontendUrl}/api/health`);

    return { frontendUrl, backendUrl, llm, frontendRssMiB: () => rssMiB(frontend.child.pid), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
