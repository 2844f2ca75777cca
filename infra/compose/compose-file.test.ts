import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { MIGRATE_COMMAND } from '../components/migration';
import { POSTGRES_UID } from '../components/database';
import { POSTGRES_IMAGE } from '../images/postgres';
import { BACKEND_PORT, FRONTEND_PORT } from '../ports';
import { BACKEND_HEALTH, FRONTEND_HEALTH, PROBE_TIMINGS } from '../probes';
import { renderStack, type RenderedResource } from '../render/program';
import { declaredWorkload } from '../render/workload';
import { APP_UID, TERMINATION_GRACE_PERIOD_SECONDS } from '../workload';
import { COMPOSE_FILE, COMPOSE_IMAGES, composeModel, composeYaml, type ComposeService } from './compose-file';

jest.setTimeout(60_000);

const committedText = fs.readFileSync(path.join(__dirname, '..', '..', COMPOSE_FILE), 'utf8');
/** The committed file as Compose reads it. */
const committed = parse(committedText, { version: '1.1' }) as {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
};
const service = (name: string): ComposeService => {
  const found = committed.services[name];
  if (!found) throw new Error(`compose.yaml has no service ${name}`);
  return found;
};

let rendered: RenderedResource[];
beforeAll(async () => {
  rendered = await renderStack('dev');
});

describe('compose.yaml', () => {
  it('when generated from the Pulumi program now, then it is the committed file (otherwise run: npm run compose)', () => {
    expect(composeYaml(composeModel(rendered, { frontendPort: FRONTEND_PORT }))).toBe(committedText);
  });

  it('when the program changes a probe path, then the generated file differs: the comparison above can fail', () => {
    const changed = structuredClone(rendered);
    const deployment = changed.find(
      (r) => r.type === 'kubernetes:apps/v1:Deployment' && (r.inputs.metadata as { name: string }).name === 'backend',
    );
    (
      deployment?.inputs as { spec: { template: { spec: { containers: { readinessProbe: { httpGet: { path: string } } }[] } } } }
    ).spec.template.spec.containers[0]!.readinessProbe.httpGet.path = '/health/moved';

    const text = composeYaml(composeModel(changed, { frontendPort: FRONTEND_PORT }));

    expect(text).not.toBe(committedText);
    expect(text).toContain("fetch('http://127.0.0.1:8000/health/moved')");
  });

  it('when read, then it has the four services and the one data volume', () => {
    expect(Object.keys(committed.services)).toEqual(['postgres', 'migrate', 'backend', 'frontend']);
    expect(committed.volumes).toEqual({ pgdata: {} });
  });

  it("when read, then the migration runs the Job's own command in the backend image, and the backend waits for it to succeed", () => {
    expect(service('migrate').command).toEqual(MIGRATE_COMMAND);
    expect(service('migrate').image).toBe(COMPOSE_IMAGES.backend);
    expect(service('migrate').build).toEqual(service('backend').build);
    expect(service('migrate').restart).toBe('no');
    expect(Object.keys(service('migrate').environment ?? {})).toEqual(['DATABASE_URL']);
    expect(service('backend').depends_on).toEqual({
      postgres: { condition: 'service_healthy' },
      migrate: { condition: 'service_completed_successfully' },
    });
  });

  it('when read, then both images come from the Dockerfiles the program builds', () => {
    expect(service('backend').build).toEqual({ context: '.', dockerfile: 'apps/backend/Dockerfile' });
    expect(service('frontend').build).toEqual({ context: '.', dockerfile: 'apps/frontend/Dockerfile' });
    expect(service('frontend').image).toBe(COMPOSE_IMAGES.frontend);
  });

  it("when read, then each app has exactly its Deployment's env names, with the ports and URLs of the program", () => {
    const names = (app: 'backend' | 'frontend') =>
      declaredWorkload(rendered, app)
        .env.map((e) => e.name)
        .sort();
    // GROQ_API_KEY is in the cluster's Secret only once a key is set; compose always offers it.
    expect(Object.keys(service('backend').environment ?? {}).sort()).toEqual([...new Set([...names('backend'), 'GROQ_API_KEY'])].sort());
    expect(Object.keys(service('frontend').environment ?? {}).sort()).toEqual(names('frontend'));
    expect(service('backend').environment?.PORT).toBe(String(BACKEND_PORT));
    expect(service('frontend').environment?.PORT).toBe(String(FRONTEND_PORT));
    expect(service('frontend').environment?.BACKEND_URL).toBe(`http://backend:${BACKEND_PORT}`);
    expect(service('backend').environment?.FRONTEND_URL).toBe(`http://localhost:${FRONTEND_PORT}`);
  });

  it('when read, then only the frontend publishes a port, on loopback; the backend and PostgreSQL stay inside', () => {
    const published = Object.entries(committed.services)
      .filter(([, s]) => s.ports !== undefined)
      .map(([name, s]) => [name, s.ports]);
    expect(published).toEqual([['frontend', [`127.0.0.1:\${FRONTEND_HOST_PORT:-${FRONTEND_PORT}}:${FRONTEND_PORT}`]]]);
    expect(service('backend').expose).toEqual([String(BACKEND_PORT)]);
  });

  it('when read, then the healthchecks are the readiness probes: same paths and timings, the startup budget as start period', () => {
    const startPeriod = `${PROBE_TIMINGS.startup.periodSeconds * PROBE_TIMINGS.startup.failureThreshold}s`;
    const timing = {
      interval: `${PROBE_TIMINGS.readiness.periodSeconds}s`,
      timeout: `${PROBE_TIMINGS.readiness.timeoutSeconds}s`,
      retries: PROBE_TIMINGS.readiness.failureThreshold,
      start_period: startPeriod,
    };
    expect(service('backend').healthcheck).toMatchObject(timing);
    expect(service('frontend').healthcheck).toMatchObject(timing);
    expect(service('backend').healthcheck?.test.at(-1)).toContain(`fetch('http://127.0.0.1:${BACKEND_PORT}${BACKEND_HEALTH.readiness}')`);
    expect(service('frontend').healthcheck?.test.at(-1)).toContain(
      `fetch('http://127.0.0.1:${FRONTEND_PORT}${FRONTEND_HEALTH.readiness}')`,
    );
    expect(service('postgres').healthcheck?.test).toEqual([
      'CMD',
      'pg_isready',
      '-h',
      '127.0.0.1',
      '-p',
      '5432',
      '-U',
      'todo',
      '-d',
      'todo',
    ]);
  });

  it('when read, then every service runs as the workloads do: its uid/gid, read-only root, no capabilities, no privilege escalation, 30 s to stop', () => {
    for (const [name, s] of Object.entries(committed.services)) {
      const uid = name === 'postgres' ? POSTGRES_UID : APP_UID;
      expect([name, s.user, s.read_only, s.cap_drop, s.security_opt, s.stop_grace_period]).toEqual([
        name,
        `${uid}:${uid}`,
        true,
        ['ALL'],
        ['no-new-privileges:true'],
        `${TERMINATION_GRACE_PERIOD_SECONDS}s`,
      ]);
    }
    expect(service('frontend').tmpfs).toEqual(declaredWorkload(rendered, 'frontend').writablePaths);
    expect(service('backend').tmpfs).toEqual(declaredWorkload(rendered, 'backend').writablePaths);
    expect(service('postgres').tmpfs).toEqual(['/tmp', '/var/run/postgresql']);
  });

  it("when read, then PostgreSQL is the program's image unless POSTGRES_IMAGE names another, with its data on the named volume", () => {
    expect(service('postgres').image).toBe(`\${POSTGRES_IMAGE:-${POSTGRES_IMAGE}}`);
    expect(service('postgres').volumes).toEqual(['pgdata:/var/lib/postgresql/data']);
    expect(Object.keys(service('postgres').environment ?? {})).toEqual(['POSTGRES_USER', 'POSTGRES_DB', 'PGDATA', 'POSTGRES_PASSWORD']);
  });
});
