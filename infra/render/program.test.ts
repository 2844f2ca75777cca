import { toManifestFiles, REDACTED } from './manifests';
import { renderStack, stackFileConfig, type RenderedResource } from './program';
import { declaredWorkload } from './workload';

jest.setTimeout(60_000);

let dev: RenderedResource[];
beforeAll(async () => {
  dev = await renderStack('dev');
});

const hardened = {
  runAsNonRoot: true,
  runAsUser: 1001,
  runAsGroup: 1001,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  privileged: false,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

describe('declaredWorkload', () => {
  it('when asked for the backend, then it gives the build, port, env, security, probes and shutdown settings', () => {
    const backend = declaredWorkload(dev, 'backend');
    expect(backend).toMatchObject({
      dockerfile: 'apps/backend/Dockerfile',
      context: '.',
      buildArgs: {},
      imagePullPolicy: 'Never',
      containerPort: 8000,
      securityContext: hardened,
      writablePaths: ['/tmp'],
      preStopSleepSeconds: 5,
      terminationGracePeriodSeconds: 30,
      migrationCommand: ['node', 'dist/migrate.js'],
      migrationEnv: [{ name: 'DATABASE_URL', secret: true }],
    });
    expect(backend.image).toMatch(/^todo\/backend:[0-9a-f]{12}$/);
    // ConfigMap keys come back sorted (as the engine serialises them); secrets carry no value.
    expect(backend.env).toEqual([
      { name: 'PORT', secret: false, value: '8000' },
      {
        name: 'ASSISTANT_INSTRUCTIONS',
        secret: false,
        value: 'You help the user manage their todo list. Use the tools to read and change tasks; keep answers short.',
      },
      { name: 'ASSISTANT_NAME', secret: false, value: 'Todo Assistant' },
      { name: 'FRONTEND_URL', secret: false, value: 'http://localhost:30080' },
      { name: 'GROQ_MODEL', secret: false, value: 'llama-3.3-70b-versatile' },
      { name: 'LLM_PROVIDER', secret: false, value: 'disabled' },
      { name: 'LOG_LEVEL', secret: false, value: 'debug' },
      { name: 'MAX_TOKENS', secret: false, value: '1024' },
      { name: 'TEMPERATURE', secret: false, value: '0.3' },
      { name: 'DATABASE_URL', secret: true },
      { name: 'JWT_SECRET', secret: true },
    ]);
    expect(backend.probes).toEqual({
      startup: {
        kind: 'http',
        path: '/health/startup',
        port: 8000,
        periodSeconds: 5,
        timeoutSeconds: 3,
        failureThreshold: 30,
        successThreshold: 1,
      },
      liveness: {
        kind: 'http',
        path: '/health/live',
        port: 8000,
        periodSeconds: 10,
        timeoutSeconds: 3,
        failureThreshold: 3,
        successThreshold: 1,
      },
      readiness: {
        kind: 'http',
        path: '/health/ready',
        port: 8000,
        periodSeconds: 5,
        timeoutSeconds: 3,
        failureThreshold: 3,
        successThreshold: 1,
      },
    });
  });

  it('when asked for the frontend, then the cache dir is writable and the backend URL is a plain env value', () => {
    const frontend = declaredWorkload(dev, 'frontend');
    expect(frontend).toMatchObject({
      dockerfile: 'apps/frontend/Dockerfile',
      context: '.',
      containerPort: 3000,
      writablePaths: ['/tmp', '/app/apps/frontend/.next/cache'],
      securityContext: hardened,
      migrationCommand: undefined,
      migrationEnv: undefined,
    });
    expect(frontend.env).toEqual([
      { name: 'PORT', secret: false, value: '3000' },
      { name: 'HOSTNAME', secret: false, value: '0.0.0.0' },
      { name: 'BACKEND_URL', secret: false, value: 'http://backend:8000' },
    ]);
    expect(frontend.probes.readiness).toMatchObject({ kind: 'http', path: '/api/health', port: 3000 });
  });

  it('when the app was not rendered, then it says so', () => {
    expect(() => declaredWorkload([], 'backend')).toThrow('declaredWorkload: no image or Deployment named backend was rendered');
  });
});

describe('stackFileConfig', () => {
  it('when reading the prod stack file, then placeholders stand in for the secrets its header asks for', () => {
    const config = stackFileConfig('prod');
    expect(config['todo:registryServer']).toBe('ghcr.io/example-org');
    expect(config['todo:registryPassword']).toBe('placeholder-secret-for-registryPassword');
    expect(config['todo:databaseUrl']).toBe('postgresql://todo:placeholder@db.example.com:5432/todo');
    expect(config['todo:groqApiKey']).toBe('placeholder-secret-for-groqApiKey');
    expect(config['todo:postgresPassword']).toBeUndefined();
  });

  it('when reading the dev stack file, then placeholders stand in for the two secrets npm run deploy generates', () => {
    const config = stackFileConfig('dev');
    expect([config['todo:jwtSecret'], config['todo:postgresPassword']]).toEqual([
      'placeholder-jwt-secret-of-at-least-32-characters',
      'placeholder-postgres-password',
    ]);
  });
});

describe('toManifestFiles', () => {
  it('when writing the dev manifests, then there is one numbered file per object plus all.yaml and images.yaml, with secrets redacted', () => {
    const files = toManifestFiles(dev, 'header');
    const names = files.map((f) => f.file);
    expect(names).toContain('all.yaml');
    expect(names).toContain('images.yaml');
    expect(names.filter((n) => /^\d\d-/.test(n))).toHaveLength(dev.filter((r) => r.type.startsWith('kubernetes:')).length);
    const secret = files.find((f) => f.file.endsWith('-secret-backend-secrets.yaml'));
    expect(secret?.body).toContain(`DATABASE_URL: "${REDACTED}"`);
    expect(secret?.body).not.toContain('postgresql://');
    const all = files.find((f) => f.file === 'all.yaml')?.body ?? '';
    expect(all).not.toContain('postgresql://');
    expect(all.startsWith('# header\n---\n')).toBe(true);
  });
});
