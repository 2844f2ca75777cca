import * as pulumi from '@pulumi/pulumi';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import {
  loadStackConfig,
  OPTIONAL_KEYS,
  parseStackConfig,
  PLAIN_DEFAULTS,
  PLAIN_KEYS,
  SECRET_KEYS,
  secretValueProblem,
  StackConfigError,
} from './config';

const secret = (v: string) => pulumi.secret(v);
/** The secrets every in-cluster stack holds once `npm run deploy` has generated them. */
const generated = () => ({ jwtSecret: secret('j'.repeat(64)), postgresPassword: secret('p'.repeat(64)) });
const DIGEST = `sha256:${'a1'.repeat(32)}`;

function errorOf(fn: () => unknown): StackConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof StackConfigError) return error;
    throw error;
  }
  throw new Error('expected a StackConfigError');
}

describe('parseStackConfig', () => {
  it('when nothing but the generated secrets is set, then every default of the design applies', () => {
    const cfg = parseStackConfig('dev', {}, generated());
    expect({ ...cfg, secrets: undefined }).toEqual({
      stack: 'dev',
      environment: 'dev',
      kubeContext: 'minikube',
      namespace: 'todo-app',
      logLevel: 'info',
      frontendUrl: 'http://localhost:30080',
      backend: { replicas: 2, resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } } },
      frontend: {
        replicas: 2,
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
        serviceType: 'NodePort',
        nodePort: 30080,
      },
      autoscaling: undefined,
      llm: { provider: 'disabled', model: 'llama-3.3-70b-versatile', maxTokens: 1024, temperature: 0.3 },
      assistant: {
        name: 'Todo Assistant',
        instructions: 'You help the user manage their todo list. Use the tools to read and change tasks; keep answers short.',
      },
      images: { nodeImage: undefined, platform: undefined, buildNetwork: undefined, references: undefined, registry: undefined },
      postgres: { image: 'postgres:17.6-bookworm', storageSize: '1Gi', storageClass: undefined },
      protectDatabase: false,
      secrets: undefined,
    });
  });

  it.each([
    ['dev', {}, false],
    ['prod', {}, true],
    ['dev', { environment: 'staging' }, true],
    ['prod', { environment: 'dev' }, false],
    ['prod', { protectDatabase: 'false' }, false],
    ['dev', { protectDatabase: 'true' }, true],
  ])('when the stack is %s with %j, then protectDatabase is %s', (stack, raw, expected) => {
    expect(parseStackConfig(stack, raw, generated()).protectDatabase).toBe(expected);
  });

  it('when the database is external, then protectDatabase is off even when set (nothing of it is in the cluster)', () => {
    const cfg = parseStackConfig(
      'prod',
      { protectDatabase: 'true' },
      { jwtSecret: generated().jwtSecret, databaseUrl: secret('postgresql://u:p@h/db') },
    );
    expect(cfg.protectDatabase).toBe(false);
  });

  it('when protectDatabase is not a boolean, then the key and the fix are named', () => {
    expect(errorOf(() => parseStackConfig('dev', { protectDatabase: 'yes' }, generated())).problems).toEqual([
      expect.stringMatching(/^todo:protectDatabase .*\(got "yes"\); fix: pulumi config set protectDatabase true$/),
    ]);
  });

  it('when the generated secrets are set, then they are the same secret Outputs', () => {
    const secrets = generated();
    const cfg = parseStackConfig('dev', {}, secrets);
    expect(cfg.secrets).toEqual({ groqApiKey: undefined, databaseUrl: undefined, ...secrets });
    expect(cfg.secrets.jwtSecret).toBe(secrets.jwtSecret);
    expect(cfg.secrets.postgresPassword).toBe(secrets.postgresPassword);
  });

  it('when strings come from the CLI, then numbers and booleans are parsed', () => {
    const cfg = parseStackConfig(
      'prod',
      { backendReplicas: '3', autoscalingEnabled: 'true', autoscalingMaxReplicas: '8', llmTemperature: '0.7' },
      generated(),
    );
    expect(cfg.backend.replicas).toBe(3);
    expect(cfg.autoscaling).toEqual({ maxReplicas: 8, targetCpuUtilization: 70 });
    expect(cfg.llm.temperature).toBe(0.7);
  });

  it('when a Groq key is set, then the provider defaults to groq and the key stays the same secret Output', async () => {
    const key = secret('gsk_test');
    const cfg = parseStackConfig('dev', {}, { ...generated(), groqApiKey: key });
    expect(cfg.llm.provider).toBe('groq');
    expect(cfg.secrets.groqApiKey).toBe(key);
    expect(await pulumi.isSecret(cfg.secrets.groqApiKey!)).toBe(true);
  });

  it('when databaseUrl is set, then there is no in-cluster postgres and no postgresPassword is needed or passed on', () => {
    const cfg = parseStackConfig('dev', {}, { jwtSecret: secret('j'.repeat(64)), databaseUrl: secret('postgresql://x') });
    expect(cfg.postgres).toBeUndefined();
    expect(cfg.secrets.postgresPassword).toBeUndefined();
    const leftOver = parseStackConfig('dev', {}, { ...generated(), databaseUrl: secret('postgresql://x') });
    expect(leftOver.secrets.postgresPassword).toBeUndefined();
  });

  it('when a full registry is set, then images are pushed there', () => {
    const password = secret('token');
    const cfg = parseStackConfig(
      'prod',
      { registryServer: 'ghcr.io/acme', registryUsername: 'bot' },
      { ...generated(), registryPassword: password },
    );
    expect(cfg.images.registry).toEqual({ server: 'ghcr.io/acme', username: 'bot', password });
  });

  it.each(['ghcr.io', 'ghcr.io/acme', 'localhost:5000/acme', 'registry.example.com:443/team/sub'])(
    'when registryServer is %j (a host, a port, a path: how an image name starts), then it is accepted as written',
    (server) => {
      const cfg = parseStackConfig(
        'prod',
        { registryServer: server, registryUsername: 'bot' },
        { ...generated(), registryPassword: secret('token') },
      );
      expect(cfg.images.registry?.server).toBe(server);
    },
  );

  it.each([
    ['a registry stack without imagePlatform', { registryServer: 'ghcr.io/acme', registryUsername: 'bot' }, true, 'linux/amd64'],
    [
      'a registry stack with imagePlatform',
      { registryServer: 'ghcr.io/acme', registryUsername: 'bot', imagePlatform: 'linux/arm64' },
      true,
      'linux/arm64',
    ],
    ['a Minikube stack without imagePlatform', {}, false, undefined],
    ['a Minikube stack with imagePlatform', { imagePlatform: 'linux/arm64' }, false, 'linux/arm64'],
  ])('when %s, then the images are built for %s', (_what, raw, registry, platform) => {
    const cfg = parseStackConfig('s', raw, registry ? { ...generated(), registryPassword: secret('token') } : generated());
    expect(cfg.images.platform).toBe(platform);
  });

  it('when imageBuildNetwork is set, then the builds use that network', () => {
    expect(parseStackConfig('dev', { imageBuildNetwork: 'host' }, generated()).images.buildNetwork).toBe('host');
  });

  it.each([
    ['local tags', 'todo/backend:abc123', 'todo/frontend:abc123'],
    ['registry tags with digests', `registry.example/todo/backend:abc123@${DIGEST}`, `registry.example/todo/frontend:abc123@${DIGEST}`],
    ['digests alone, through a registry port', `localhost:5000/todo/backend@${DIGEST}`, `localhost:5000/todo/frontend@${DIGEST}`],
  ])('when both image references are %s, then they are deployed as given', (_what, backend, frontend) => {
    const cfg = parseStackConfig('dev', { backendImage: backend, frontendImage: frontend }, generated());
    expect(cfg.images.references).toEqual({ backend, frontend });
  });

  it('when the image references come with registry credentials, then the registry (its pull secret) still applies', () => {
    const password = secret('token');
    const cfg = parseStackConfig(
      'prod',
      {
        backendImage: 'ghcr.io/acme/todo/backend:1.4.0',
        frontendImage: 'ghcr.io/acme/todo/frontend:1.4.0',
        registryServer: 'ghcr.io/acme',
        registryUsername: 'bot',
      },
      { ...generated(), registryPassword: password },
    );
    expect(cfg.images.references).toEqual({ backend: 'ghcr.io/acme/todo/backend:1.4.0', frontend: 'ghcr.io/acme/todo/frontend:1.4.0' });
    expect(cfg.images.registry).toEqual({ server: 'ghcr.io/acme', username: 'bot', password });
  });

  const bothImages = (backendImage: string) => ({ backendImage, frontendImage: 'todo/frontend:abc123' });
  it.each([
    [
      'a bad type',
      { backendReplicas: 'two' },
      {},
      'todo:backendReplicas Invalid input: expected number, received NaN (got "two"); fix: pulumi config set backendReplicas 2',
    ],
    [
      'an out-of-range nodePort',
      { frontendNodePort: '8080' },
      {},
      'todo:frontendNodePort Too small: expected number to be >=30000 (got "8080"); fix: pulumi config set frontendNodePort 30080',
    ],
    [
      'a bad enum',
      { llmProvider: 'openai' },
      {},
      'todo:llmProvider Invalid option: expected one of "groq"|"disabled" (got "openai"); fix: pulumi config set llmProvider groq',
    ],
    [
      'a namespace that is not a DNS label',
      { namespace: 'Todo_App' },
      {},
      'todo:namespace must be a DNS-1123 label (lower case letters, digits, "-") (got "Todo_App"); fix: pulumi config set namespace todo-app',
    ],
    [
      'groq without its key',
      { llmProvider: 'groq' },
      {},
      'todo:groqApiKey is required when llmProvider is "groq"; fix: pulumi config set --secret groqApiKey <value> (or: pulumi config set llmProvider disabled)',
    ],
    [
      'a platform that is not os/arch',
      { imagePlatform: 'arm64' },
      {},
      'todo:imagePlatform must be a platform such as "linux/amd64" or "linux/arm64" (got "arm64"); fix: pulumi config set imagePlatform linux/amd64',
    ],
    [
      'a build network that is not a network name',
      { imageBuildNetwork: 'host net' },
      {},
      'todo:imageBuildNetwork must be a Docker network name such as "host" or "default" (got "host net"); fix: pulumi config set imageBuildNetwork host',
    ],
    [
      'an unknown key',
      { backendReplica: '2' },
      {},
      'todo:backendReplica is not a known setting; remove it with: pulumi config rm backendReplica',
    ],
    [
      'a registry without a password',
      { registryServer: 'ghcr.io/acme', registryUsername: 'bot' },
      {},
      'todo:registryPassword is required when pushing to a registry; fix: pulumi config set --secret registryPassword <value>',
    ],
    [
      'a registry server with a scheme',
      { registryServer: 'https://registry.example.com', registryUsername: 'bot' },
      { registryPassword: secret('token') },
      'todo:registryServer must be a registry host with an optional path, the way image names start (e.g. ghcr.io/my-org), without a scheme or a trailing slash (got "https://registry.example.com"); fix: pulumi config set registryServer registry.example.com',
    ],
    [
      'a registry server with a trailing slash',
      { registryServer: 'ghcr.io/acme/', registryUsername: 'bot' },
      { registryPassword: secret('token') },
      'todo:registryServer must be a registry host with an optional path, the way image names start (e.g. ghcr.io/my-org), without a scheme or a trailing slash (got "ghcr.io/acme/"); fix: pulumi config set registryServer ghcr.io/acme',
    ],
    [
      'a boolean that is not true/false',
      { autoscalingEnabled: 'yes' },
      {},
      'todo:autoscalingEnabled Invalid option: expected one of "true"|"false" (got "yes"); fix: pulumi config set autoscalingEnabled false',
    ],
    [
      'an image reference that is not one',
      bothImages('Todo/Backend:abc'),
      {},
      'todo:backendImage must be an image reference name[:tag][@sha256:<64 hex digits>], such as "registry.example/todo/backend:<tag>@sha256:<digest>" (got "Todo/Backend:abc"); fix: pulumi config set backendImage ghcr.io/my-org/todo/backend:<tag>@sha256:<digest>',
    ],
    [
      'an image reference tagged latest',
      bothImages('ghcr.io/acme/todo/backend:latest'),
      {},
      'todo:backendImage must name one fixed image: image reference "ghcr.io/acme/todo/backend:latest": `latest` names no fixed image; use an immutable tag or a digest (got "ghcr.io/acme/todo/backend:latest"); fix: pulumi config set backendImage ghcr.io/my-org/todo/backend:<tag>@sha256:<digest>',
    ],
    [
      'an image reference with neither tag nor digest',
      bothImages('ghcr.io/acme/todo/backend'),
      {},
      'todo:backendImage must name one fixed image: image reference "ghcr.io/acme/todo/backend" has neither a tag nor a digest: add :<tag> or @sha256:<digest> (got "ghcr.io/acme/todo/backend"); fix: pulumi config set backendImage ghcr.io/my-org/todo/backend:<tag>@sha256:<digest>',
    ],
    [
      'only one image reference',
      { frontendImage: 'todo/frontend:abc123' },
      {},
      'todo:backendImage and todo:frontendImage deploy images built elsewhere and go together, but only frontendImage is set; fix: pulumi config set backendImage ghcr.io/my-org/todo/backend:<tag>@sha256:<digest> (or pulumi config rm frontendImage to build both here)',
    ],
  ])('when the config has %s, then the error names the key and the fix', (_what, raw, secrets, expected) => {
    const error = errorOf(() => parseStackConfig('dev', raw, { ...generated(), ...secrets }));
    expect(error.problems).toEqual([expected]);
    expect(error.message).toContain(expected);
  });

  it.each([
    [
      'jwtSecret is missing',
      { postgresPassword: secret('p'.repeat(64)) },
      `todo:jwtSecret is required (the backend signs its session tokens with it); npm run deploy generates it on a dev stack's first deploy; or: pulumi config set --secret jwtSecret "$(openssl rand -hex 32)"`,
    ],
    [
      'postgresPassword is missing for the in-cluster database',
      { jwtSecret: secret('j'.repeat(64)) },
      `todo:postgresPassword is required for the in-cluster PostgreSQL (no databaseUrl is set); npm run deploy generates it on a dev stack's first deploy; or: pulumi config set --secret postgresPassword "$(openssl rand -hex 32)"`,
    ],
  ])('when %s, then the program stops with the key and how to get it', (_what, secrets, expected) => {
    expect(errorOf(() => parseStackConfig('dev', {}, secrets)).problems).toEqual([expected]);
  });

  it('when neither generated secret is set, then both are named at once', () => {
    expect(errorOf(() => parseStackConfig('dev', {}, {})).problems.map((p) => p.split(' ')[0])).toEqual([
      'todo:jwtSecret',
      'todo:postgresPassword',
    ]);
  });

  it('when several keys are wrong, then every one is reported at once', () => {
    const error = errorOf(() => parseStackConfig('dev', { backendReplicas: '0', frontendNodePort: '99999' }, generated()));
    expect(error.problems.map((p) => p.split(' ')[0])).toEqual(['todo:backendReplicas', 'todo:frontendNodePort']);
  });

  it('when maxReplicas is below replicas with autoscaling on, then it is refused', () => {
    const error = errorOf(() => parseStackConfig('dev', { autoscalingEnabled: 'true', autoscalingMaxReplicas: '1' }, generated()));
    expect(error.problems[0]).toBe(
      'todo:autoscalingMaxReplicas (1) must be at least backendReplicas (2); fix: pulumi config set autoscalingMaxReplicas 2',
    );
  });

  it.each([
    [
      'a flat dotted key',
      { 'backend.replicas': '1' },
      'todo:backend.replicas is the old dotted spelling, which the engine reads as a path and never finds; now backendReplicas; fix: pulumi config rm backend.replicas && pulumi config set backendReplicas 1',
    ],
    [
      'an object the old Pulumi.yaml defaults wrote',
      { ingress: JSON.stringify({ enabled: true, tls: { secretName: 'todo-tls' } }) },
      'todo:ingress is an object holding old dotted keys (ingress.enabled, ingress.tls.secretName), which the engine reads as a path and never finds; now ingressEnabled, ingressTlsSecretName; fix: pulumi config rm ingress && pulumi config set ingressEnabled true && pulumi config set ingressTlsSecretName todo-tls',
    ],
    [
      'the old images.platform',
      { 'images.platform': 'linux/arm64' },
      'todo:images.platform is the old dotted spelling, which the engine reads as a path and never finds; now imagePlatform; fix: pulumi config rm images.platform && pulumi config set imagePlatform linux/arm64',
    ],
    [
      'an old secret key (its value is not repeated)',
      { 'registry.password': 'hunter2-token' },
      'todo:registry.password is the old dotted spelling, which the engine reads as a path and never finds; now registryPassword; fix: pulumi config rm registry.password && pulumi config set --secret registryPassword <value>',
    ],
    [
      'an old value with spaces',
      { 'assistant.name': "Ada's Helper" },
      `todo:assistant.name is the old dotted spelling, which the engine reads as a path and never finds; now assistantName; fix: pulumi config rm assistant.name && pulumi config set assistantName 'Ada'\\''s Helper'`,
    ],
  ])('when the stack holds %s, then the refusal names the new key', (_what, raw, expected) => {
    const error = errorOf(() => parseStackConfig('dev', raw, generated()));
    expect(error.problems).toEqual([expected]);
    expect(error.message).not.toContain('hunter2');
  });
});

describe('secretValueProblem', () => {
  it.each([
    [
      'jwtSecret',
      'short',
      'todo:jwtSecret must be at least 32 characters; fix: pulumi config set --secret jwtSecret "$(openssl rand -hex 32)"',
    ],
    ['jwtSecret', 'x'.repeat(32), undefined],
    [
      'postgresPassword',
      'short',
      'todo:postgresPassword must be at least 16 characters; fix: pulumi config set --secret postgresPassword "$(openssl rand -hex 32)"',
    ],
    ['postgresPassword', 'x'.repeat(16), undefined],
    [
      'databaseUrl',
      'mysql://u@h/db',
      "todo:databaseUrl must be a postgresql:// URL; fix: pulumi config set --secret databaseUrl 'postgresql://user:password@host:5432/db?sslmode=require'",
    ],
    ['databaseUrl', 'postgresql://u:p@h:5432/db', undefined],
    ['groqApiKey', 'anything', undefined],
  ] as const)('when %s is %j, then the problem is %j', (key, value, expected) => {
    expect(secretValueProblem(key, value)).toBe(expected);
  });
});

describe('loadStackConfig', () => {
  beforeEach(async () => {
    await pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name, state: a.inputs }), call: () => ({}) }, 'todo', 'dev', false);
  });

  it('when config is set in the runtime, then plain keys are parsed and secrets come back as secret Outputs', async () => {
    pulumi.runtime.setAllConfig(
      { 'todo:backendReplicas': '4', 'todo:jwtSecret': 'from-config-'.padEnd(40, 'x'), 'todo:databaseUrl': 'postgresql://ext' },
      ['todo:jwtSecret', 'todo:databaseUrl'],
    );
    const cfg = loadStackConfig();
    expect(cfg.backend.replicas).toBe(4);
    expect(cfg.stack).toBe('dev');
    expect(await pulumi.isSecret(cfg.secrets.jwtSecret)).toBe(true);
    expect(await pulumi.isSecret(cfg.secrets.databaseUrl!)).toBe(true);
    expect(cfg.postgres).toBeUndefined();
  });

  it('when a secret key was stored as plain config, then it is still read as a secret Output', async () => {
    pulumi.runtime.setAllConfig(
      { 'todo:groqApiKey': 'gsk_plain', 'todo:jwtSecret': 'j'.repeat(40), 'todo:postgresPassword': 'p'.repeat(40) },
      [],
    );
    const cfg = loadStackConfig();
    expect(await pulumi.isSecret(cfg.secrets.groqApiKey!)).toBe(true);
    expect(await pulumi.isSecret(cfg.secrets.postgresPassword!)).toBe(true);
  });

  it('when a secret is read, then its value passes through unchanged and still secret', async () => {
    pulumi.runtime.setAllConfig({ 'todo:jwtSecret': 'j'.repeat(40), 'todo:postgresPassword': 'p'.repeat(40) }, [
      'todo:jwtSecret',
      'todo:postgresPassword',
    ]);
    const jwt = loadStackConfig().secrets.jwtSecret;
    expect(await new Promise((resolve) => jwt.apply(resolve))).toBe('j'.repeat(40));
    expect(await pulumi.isSecret(jwt)).toBe(true);
  });

  it('when a key has a bad value, then loading throws the StackConfigError', () => {
    pulumi.runtime.setAllConfig(
      { 'todo:frontendNodePort': '80', 'todo:jwtSecret': 'j'.repeat(40), 'todo:postgresPassword': 'p'.repeat(40) },
      [],
    );
    expect(() => loadStackConfig()).toThrow(StackConfigError);
  });

  it('when the generated secrets are missing, then loading throws with both keys and the fix', () => {
    pulumi.runtime.setAllConfig({}, []);
    expect(() => loadStackConfig()).toThrow(
      'npm run deploy generates it on a dev stack\'s first deploy; or: pulumi config set --secret postgresPassword "$(openssl rand -hex 32)"',
    );
  });
});

describe('Pulumi.yaml', () => {
  const text = fs.readFileSync(path.join(__dirname, '..', 'Pulumi.yaml'), 'utf8');
  const project = parse(text) as {
    name: string;
    config: Record<string, { type: string; default?: unknown; secret?: boolean; description?: string }>;
  };

  it('when read, then it is the todo project on the nodejs runtime with TypeScript', () => {
    expect(project.name).toBe('todo');
    expect(project).toMatchObject({ runtime: { name: 'nodejs', options: { typescript: true } } });
  });

  it('when read, then it declares exactly the keys that have a default (a declared key without one is required of every stack), each with a description', () => {
    expect(Object.keys(project.config).sort()).toEqual(Object.keys(PLAIN_DEFAULTS).sort());
    for (const [key, schema] of Object.entries(project.config)) {
      expect([key, schema.default !== undefined, typeof schema.description, schema.secret]).toEqual([key, true, 'string', undefined]);
    }
  });

  it('when read, then no declared key is a dotted path (the engine would look for an object)', () => {
    for (const key of Object.keys(project.config)) expect(key).toMatch(/^[a-z][A-Za-z0-9]*$/);
  });

  it('when read, then each declared type is the one the program parses', () => {
    const types = Object.fromEntries(
      Object.entries(PLAIN_DEFAULTS).map(([k, v]) => [
        k,
        typeof v === 'number' && k !== 'llmTemperature' ? 'integer' : typeof v === 'boolean' ? 'boolean' : 'string',
      ]),
    );
    expect(Object.fromEntries(Object.entries(project.config).map(([k, s]) => [k, s.type]))).toEqual(types);
  });

  it('when read, then its comment block lists every optional key and every secret, which it does not declare', () => {
    const comments = text
      .split('\n')
      .filter((line) => line.startsWith('#'))
      .join('\n');
    for (const key of [...OPTIONAL_KEYS, ...SECRET_KEYS]) {
      expect([key, new RegExp(`^#\\s+${key}\\s`, 'm').test(comments)]).toEqual([key, true]);
    }
    expect([...OPTIONAL_KEYS, ...Object.keys(PLAIN_DEFAULTS)].sort()).toEqual([...PLAIN_KEYS].sort());
  });

  it('when read, then every default equals the default the program applies', () => {
    const defaults = Object.fromEntries(
      Object.entries(project.config)
        .filter(([, s]) => s.default !== undefined)
        .map(([k, s]) => [k, String(s.default)]),
    );
    const secrets = generated();
    expect(parseStackConfig('dev', defaults, secrets)).toEqual(parseStackConfig('dev', {}, secrets));
  });
});

describe('the committed stack files', () => {
  it.each(['dev', 'prod'])('when Pulumi.%s.yaml is read, then every key is a flat key the program knows', (stack) => {
    const doc = parse(fs.readFileSync(path.join(__dirname, '..', `Pulumi.${stack}.yaml`), 'utf8')) as { config: Record<string, unknown> };
    for (const key of Object.keys(doc.config)) {
      expect([key, [...PLAIN_KEYS, ...SECRET_KEYS].includes(key.replace(/^todo:/, '') as never)]).toEqual([key, true]);
    }
  });
});

describe('docs/config.md', () => {
  it('when its stack config reference is read, then it names every key', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', 'docs', 'config.md'), 'utf8');
    const reference = readme.slice(readme.indexOf('### Stack config reference'));
    const rows = reference
      .slice(0, reference.indexOf('\n#'))
      .split('\n')
      .filter((line) => line.startsWith('| `'));
    const documented = rows.flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`(\w+)`/g)].map((m) => m[1]));
    expect([...documented].sort()).toEqual([...PLAIN_KEYS, ...SECRET_KEYS].sort());
  });
});
