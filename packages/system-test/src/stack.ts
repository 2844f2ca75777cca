/**
 * Starts the real system for the browser suite: an isolated migrated database (a fresh schema on
 * DATABASE_URL, or an embedded PGlite), the scripted LLM server, the backend bundle
 * (`apps/backend/dist/main.js`) and the frontend's standalone server, each on a free loopback port.
 * Both apps must have been built (`npm run test:e2e` does that first). A package of its own, not the
 * frontend's, because the smoke test of the deploy program (infra/smoke) starts the same system.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { applyMigrations } from '@todo/backend/migrator';
import { freePort } from '@todo/testkit/ports';
import { rssMiB, startService, waitForReady, type Service } from '@todo/testkit/processes';
import { startScriptedLlmServer, type ScriptedLlmServer } from '@todo/testkit/scripted-llm-server';
import { createTestSchema, type TestSchema } from '@todo/testkit/test-schema';

export const repositoryRoot = resolve(__dirname, '..', '..', '..');
export const artifactsDir = join(repositoryRoot, 'artifacts', 'e2e');
const logDir = join(artifactsDir, 'logs');
const backendEntry = join(repositoryRoot, 'apps', 'backend', 'dist', 'main.js');
const frontendEntry = join(repositoryRoot, 'apps', 'frontend', '.next', 'standalone', 'apps', 'frontend', 'server.js');

export interface Stack {
  frontendUrl: string;
  /** With `{ reference: true }`: a second frontend on the same backend with `API_FAST_PATH=off`, so Next.js' route handler answers `/api/v1`. */
  referenceFrontendUrl?: string;
  backendUrl: string;
  llm: ScriptedLlmServer;
  /** Resident set size of the frontend server, in MiB, read from /proc. */
  frontendRssMiB(): number;
  /** Stops the backend alone (SIGTERM), leaving the frontend up: an outage behind the front door. */
  stopBackend(): Promise<void>;
  stop(): Promise<void>;
}

/** Runs a built entry point with node, as the image does (production env, its folder as cwd). */
function startEntry(name: string, entry: string, env: Record<string, string>): Service {
  if (!existsSync(entry)) throw new Error(`${entry} is missing: build first (npm run test:e2e builds both apps)`);
  return startService({
    name,
    command: process.execPath,
    args: [entry],
    cwd: join(entry, '..'),
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...env },
    logDir,
  });
}

export async function startStack(options: { reference?: boolean } = {}): Promise<Stack> {
  mkdirSync(logDir, { recursive: true });
  const services: Service[] = [];
  let database: TestSchema | undefined;
  let llm: ScriptedLlmServer | undefined;

  const stop = async () => {
    for (const service of [...services].reverse()) await service.stop('SIGTERM', 10_000);
    await llm?.close();
    await database?.close();
  };

  try {
    database = await createTestSchema();
    await applyMigrations(database.url);
    llm = await startScriptedLlmServer();
    const [backendPort, frontendPort] = [await freePort(), await freePort()];
    const backendUrl = `http://127.0.0.1:${backendPort}`;
    const frontendUrl = `http://127.0.0.1:${frontendPort}`;

    const backend = startEntry('backend', backendEntry, {
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
    await waitForReady(backend, `${backendUrl}/health/ready`);

    const frontend = startEntry('frontend', frontendEntry, {
      PORT: String(frontendPort),
      HOSTNAME: '127.0.0.1',
      BACKEND_URL: backendUrl,
      NEXT_TELEMETRY_DISABLED: '1',
    });
    services.push(frontend);
    await waitForReady(frontend, `${frontendUrl}/api/health`);

    let referenceFrontendUrl: string | undefined;
    if (options.reference) {
      const referencePort = await freePort();
      referenceFrontendUrl = `http://127.0.0.1:${referencePort}`;
      const reference = startEntry('frontend-reference', frontendEntry, {
        PORT: String(referencePort),
        HOSTNAME: '127.0.0.1',
        BACKEND_URL: backendUrl,
        NEXT_TELEMETRY_DISABLED: '1',
        API_FAST_PATH: 'off',
      });
      services.push(reference);
      await waitForReady(reference, `${referenceFrontendUrl}/api/health`);
    }

    return {
      frontendUrl,
      ...(referenceFrontendUrl ? { referenceFrontendUrl } : {}),
      backendUrl,
      llm,
      frontendRssMiB: () => rssMiB(frontend.pid) ?? Number.NaN,
      stopBackend: async () => {
        await backend.stop('SIGTERM', 10_000);
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
