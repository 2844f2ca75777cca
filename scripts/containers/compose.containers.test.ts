import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '@todo/testkit/ports';
import { COMPOSE_FILE, COMPOSE_IMAGES } from '../../infra/compose/compose-file';
import { buildImage, dockerOk, run, sleep, type Result } from './docker';
import { loadWorkload, repoRoot } from './workload';

/**
 * compose.yaml brought up for real, then `npm run smoke` against it. The closest variant this
 * machine's engine runs (docs/deploy.md, "Compose"); what differs from `docker compose up --build`:
 * - Compose is $COMPOSE: Debian bookworm's docker-compose 1.29.2 where no `docker compose` v2 plugin
 *   exists (.ci/compose.sh);
 * - the two images are built by the suite (`docker build --network=host`, as every build here: no
 *   NAT for the default build network) under the tags compose.yaml names, and compose runs with
 *   --no-build;
 * - PostgreSQL is $POSTGRES_IMAGE (a local stand-in when the registry image cannot be pulled);
 * - the frontend is published on a free loopback port (FRONTEND_HOST_PORT), not 3000, and the
 *   secrets are random instead of the local-only defaults.
 * Everything else runs as written: the project's own bridge network and service names as host
 * names, depends_on with service_healthy / service_completed_successfully, the healthchecks, users,
 * read-only roots, dropped capabilities and tmpfs mounts.
 */

jest.setTimeout(180_000);

const compose = (process.env.COMPOSE ?? 'docker-compose').split(' ');
const project = `todo-compose-${randomBytes(3).toString('hex')}`;
const artifacts = join(repoRoot, 'artifacts');
let frontendPort = 0;
let env: NodeJS.ProcessEnv;
const timings: Record<string, number> = {};

function composeRun(args: string[], timeoutMs = 120_000): Promise<Result> {
  const [bin = 'docker-compose', ...pre] = compose;
  return run(bin, [...pre, '-p', project, '-f', COMPOSE_FILE, ...args], timeoutMs, env);
}

async function composeOk(args: string[], timeoutMs?: number): Promise<string> {
  const result = await composeRun(args, timeoutMs);
  if (result.code !== 0) throw new Error(`${compose.join(' ')} ${args.join(' ')} exited ${result.code}:\n${result.stderr}${result.stdout}`);
  return result.stdout;
}

const containerIds = new Map<string, string>();

/** `docker inspect` of one service's container (its id asked of Compose once). */
async function inspect(service: string): Promise<{
  State: { Status: string; ExitCode: number; Health?: { Status: string } };
  HostConfig: Record<string, unknown>;
  Config: { User: string };
}> {
  let id = containerIds.get(service);
  if (!id) {
    id = (await composeOk(['ps', '-q', service])).trim();
    if (!id) throw new Error(`no container for ${service}`);
    containerIds.set(service, id);
  }
  return (JSON.parse(await dockerOk(['inspect', id])) as never[])[0] as never;
}

async function waitHealthy(service: string, budgetMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < budgetMs) {
    const state = (await inspect(service)).State;
    if (state.Health?.Status === 'healthy') return Date.now() - started;
    if (state.Status === 'exited') break;
    await sleep(1000);
  }
  throw new Error(`${service} not healthy within ${budgetMs} ms:\n${(await composeRun(['logs', '--no-color', '--tail', '80'])).stdout}`);
}

beforeAll(async () => {
  const postgresImage = process.env.POSTGRES_IMAGE;
  if (!postgresImage)
    throw new Error(
      'POSTGRES_IMAGE is not set: run eval "$(bash .ci/compose.sh)" first (installs Compose, finds or builds a PostgreSQL image)',
    );
  frontendPort = await freePort();
  env = {
    ...process.env,
    POSTGRES_IMAGE: postgresImage,
    FRONTEND_HOST_PORT: String(frontendPort),
    POSTGRES_PASSWORD: randomBytes(12).toString('hex'),
    JWT_SECRET: randomBytes(32).toString('hex'),
  };
  for (const app of ['backend', 'frontend'] as const) {
    timings[`build ${app} s`] = await buildImage(await loadWorkload(app), COMPOSE_IMAGES[app]);
  }
  const started = Date.now();
  await composeOk(['up', '-d', '--no-build'], 600_000);
  timings['up -d returned s'] = (Date.now() - started) / 1000;
  timings['frontend healthy after up s'] = (await waitHealthy('frontend', 240_000)) / 1000;
}, 1_200_000);

afterAll(async () => {
  if (env) {
    const down = await composeRun(['down', '-v', '--remove-orphans'], 180_000);
    if (down.code !== 0) console.log(`compose down exited ${down.code}: ${down.stderr}`);
  }
  mkdirSync(artifacts, { recursive: true });
  writeFileSync(join(artifacts, 'compose.json'), `${JSON.stringify({ project, compose: compose.join(' '), timings }, null, 2)}\n`);
}, 200_000);

describe('compose.yaml, brought up for real', () => {
  it('when up, then the migration ran once and exited 0, and postgres, backend and frontend are healthy', async () => {
    const migrate = await inspect('migrate');
    expect([migrate.State.Status, migrate.State.ExitCode]).toEqual(['exited', 0]);
    for (const service of ['postgres', 'backend', 'frontend']) {
      expect([service, (await inspect(service)).State.Health?.Status]).toEqual([service, 'healthy']);
    }
  });

  it('when inspected, then every container runs with the declared user, a read-only root, no capabilities and no new privileges', async () => {
    for (const [service, user] of [
      ['postgres', '999:999'],
      ['migrate', '1001:1001'],
      ['backend', '1001:1001'],
      ['frontend', '1001:1001'],
    ] as const) {
      const container = await inspect(service);
      expect([
        service,
        container.Config.User,
        container.HostConfig.ReadonlyRootfs,
        container.HostConfig.CapDrop,
        container.HostConfig.SecurityOpt,
      ]).toEqual([service, user, true, ['ALL'], ['no-new-privileges:true']]);
    }
  });

  it('when inspected, then only the frontend publishes a port, on loopback', async () => {
    const published: Record<string, unknown> = {};
    for (const service of ['postgres', 'backend', 'frontend']) {
      const bindings = (await inspect(service)).HostConfig.PortBindings as Record<string, { HostIp: string; HostPort: string }[]> | null;
      if (bindings && Object.keys(bindings).length > 0) published[service] = bindings;
    }
    expect(published).toEqual({ frontend: { '3000/tcp': [{ HostIp: '127.0.0.1', HostPort: String(frontendPort) }] } });
  });

  it('when npm run smoke runs against the published frontend, then every step passes', async () => {
    const started = Date.now();
    // The backend is checked unpublished above; a probe of this shared machine's port 8000 could meet another process.
    const smoke = await run(
      'npm',
      ['run', 'smoke', '--silent', '--', '--url', `http://127.0.0.1:${frontendPort}`, '--no-backend-probe', '--wait', '30'],
      180_000,
    );
    timings['smoke s'] = (Date.now() - started) / 1000;
    console.log(smoke.stdout);

    expect(smoke.code).toBe(0);
    expect(smoke.stdout).toMatch(/^smoke test passed: 8 steps in \d+\.\d s$/m);
    expect((smoke.stdout.match(/^ {2}ok {4}/gm) ?? []).length).toBe(8);
  });
});
