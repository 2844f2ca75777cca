import * as pulumi from '@pulumi/pulumi';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { loadStackConfig, parseStackConfig, PLAIN_KEYS, SECRET_KEYS, secretValueProblem, StackConfigError } from './config';

const secret = (v: string) => pulumi.secret(v);

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
  it('when nothing is set, then every default of the design applies', () => {
    const cfg = parseStackConfig('dev', {}, {});
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
      images: { nodeImage: undefined, registry: undefined },
      postgres: { image: 'postgres:17.6-bookworm', storageSize: '1Gi', storageClass: undefined },
      secrets: undefined,
    });
  });

  it('when strings come from the CLI, then numbers and booleans are parsed', () => {
    const cfg = parseStackConfig(
      'prod',
      { 'backend.replicas': '3', 'autoscaling.enabled': 'true', 'autoscaling.maxReplicas': '8', 'llm.temperature': '0.7' },
      {},
    );
    expect(cfg.backend.replicas).toBe(3);
    expect(cfg.autoscaling).toEqual({ maxReplicas: 8, targetCpuUtilization: 70 });
    expect(cfg.llm.temperature).toBe(0.7);
  });

  it('when a Groq key is set, then the provider defaults to groq and the key stays the same secret Output', async () => {
    const key = secret('gsk_test');
    const cfg = parseStackConfig('dev', {}, { groqApiKey: key });
    expect(cfg.llm.provider).toBe('groq');
    expect(cfg.secrets.groqApiKey).toBe(key);
    expect(await pulumi.isSecret(cfg.secrets.groqApiKey!)).toBe(true);
  });

  it('when databaseUrl is set, then there is no in-cluster postgres', () => {
    expect(parseStackConfig('dev', {}, { databaseUrl: secret('postgresql://x') }).postgres).toBeUndefined();
  });

  it('when a full registry is set, then images are pushed there', () => {
    const password = secret('token');
    const cfg = parseStackConfig('prod', { 'registry.server': 'ghcr.io/acme', 'registry.username': 'bot' }, { 'registry.password': password });
    expect(cfg.images.registry).toEqual({ server: 'ghcr.io/acme', username: 'bot', password });
  });

  it.each(['ghcr.io', 'ghcr.io/acme', 'localhost:5000/acme', 'registry.example.com:443/team/sub'])(
    'when registry.server is %j (a host, a port, a path: how an image name starts), then it is accepted as written',
    (server) => {
      const cfg = parseStackConfig('prod', { 'registry.server': server, 'registry.username': 'bot' }, { 'registry.password': secret('token') });
      expect(cfg.images.registry?.server).toBe(server);
    },
  );

  it.each([
    ['a registry stack without images.platform', { 'registry.server': 'ghcr.io/acme', 'registry.username': 'bot' }, true, 'linux/amd64'],
    ['a registry stack with images.platform', { 'registry.server': 'ghcr.io/acme', 'registry.username': 'bot', 'images.platform': 'linux/arm64' }, true, 'linux/arm64'],
    ['a Minikube stack without images.platform', {}, false, undefined],
    ['a Minikube stack with images.platform', { 'images.platform': 'linux/arm64' }, false, 'linux/arm64'],
  ])('when %s, then the images are built for %s', (_what, raw, registry, platform) => {
    const cfg = parseStackConfig('s', raw, registry ? { 'registry.password': secret('token') } : {});
    expect(cfg.images.platform).toBe(platform);
  });

  it.each([
    [
      'a bad type',
      { 'backend.replicas': 'two' },
      {},
      'todo:backend.replicas Invalid input: expected number, received NaN (got "two"); fix: pulumi config set backend.replicas 2',
    ],
    [
      'an out-of-range nodePort',
      { 'frontend.nodePort': '8080' },
      {},
      'todo:frontend.nodePort Too small: expected number to be >=30000 (got "8080"); fix: pulumi config set frontend.nodePort 30080',
    ],
    [
      'a bad enum',
      { 'llm.provider': 'openai' },
      {},
      'todo:llm.provider Invalid option: expected one of "groq"|"disabled" (got "openai"); fix: pulumi config set llm.provider groq',
    ],
    [
      'a namespace that is not a DNS label',
      { namespace: 'Todo_App' },
      {},
      'todo:namespace must be a DNS-1123 label (lower case letters, digits, "-") (got "Todo_App"); fix: pulumi config set namespace todo-app',
    ],
    [
      'groq without its key',
      { 'llm.provider': 'groq' },
      {},
      'todo:groqApiKey is required when llm.provider is "groq"; fix: pulumi config set --secret groqApiKey <value> (or: pulumi config set llm.provider disabled)',
    ],
    [
      'a platform that is not os/arch',
      { 'images.platform': 'arm64' },
      {},
      'todo:images.platform must be a platform such as "linux/amd64" or "linux/arm64" (got "arm64"); fix: pulumi config set images.platform linux/amd64',
    ],
    [
      'an unknown key',
      { 'backend.replica': '2' },
      {},
      'todo:backend.replica is not a known setting; remove it with: pulumi config rm backend.replica',
    ],
    [
      'a registry without a password',
      { 'registry.server': 'ghcr.io/acme', 'registry.username': 'bot' },
      {},
      'todo:registry.password is required when pushing to a registry; fix: pulumi config set --secret registry.password <value>',
    ],
    [
      'a registry server with a scheme',
      { 'registry.server': 'https://registry.example.com', 'registry.username': 'bot' },
      { 'registry.password': secret('token') },
      'todo:registry.server must be a registry host with an optional path, the way image names start (e.g. ghcr.io/my-org), without a scheme or a trailing slash (got "https://registry.example.com"); fix: pulumi config set registry.server registry.example.com',
    ],
    [
      'a registry server with a trailing slash',
      { 'registry.server': 'ghcr.io/acme/', 'registry.username': 'bot' },
      { 'registry.password': secret('token') },
      'todo:registry.server must be a registry host with an optional path, the way image names start (e.g. ghcr.io/my-org), without a scheme or a trailing slash (got "ghcr.io/acme/"); fix: pulumi config set registry.server ghcr.io/acme',
    ],
    [
      'a boolean that is not true/false',
      { 'autoscaling.enabled': 'yes' },
      {},
      'todo:autoscaling.enabled Invalid option: expected one of "true"|"false" (got "yes"); fix: pulumi config set autoscaling.enabled false',
    ],
  ])('when the config has %s, then the error names the key and the fix', (_what, raw, secrets, expected) => {
    const error = errorOf(() => parseStackConfig('dev', raw, secrets));
    expect(error.problems).toEqual([expected]);
    expect(error.message).toContain(expected);
  });

  it('when several keys are wrong, then every one is reported at once', () => {
    const error = errorOf(() => parseStackConfig('dev', { 'backend.replicas': '0', 'frontend.nodePort': '99999' }, {}));
    expect(error.problems.map((p) => p.split(' ')[0])).toEqual(['todo:backend.replicas', 'todo:frontend.nodePort']);
  });

  it('when maxReplicas is below replicas with autoscaling on, then it is refused', () => {
    const error = errorOf(() =>
      parseStackConfig('dev', { 'autoscaling.enabled': 'true', 'autoscaling.maxReplicas': '1' }, {}),
    );
    expect(error.problems[0]).toBe(
      'todo:autoscaling.maxReplicas (1) must be at least backend.replicas (2); fix: pulumi config set autoscaling.maxReplicas 2',
    );
  });
});

describe('secretValueProblem', () => {
  it.each([
    ['jwtSecret', 'short', 'todo:jwtSecret must be at least 32 characters; fix: pulumi config set --secret jwtSecret "$(openssl rand -hex 32)" (or pulumi config rm jwtSecret to generate one)'],
    ['jwtSecret', 'x'.repeat(32), undefined],
    ['databaseUrl', 'mysql://u@h/db', "todo:databaseUrl must be a postgresql:// URL; fix: pulumi config set --secret databaseUrl 'postgresql://user:password@host:5432/db?sslmode=require'"],
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
      { 'todo:backend.replicas': '4', 'todo:jwtSecret': 'from-config-'.padEnd(40, 'x'), 'todo:databaseUrl': 'postgresql://ext' },
      ['todo:jwtSecret', 'todo:databaseUrl'],
    );
    const cfg = loadStackConfig();
    expect(cfg.backend.replicas).toBe(4);
    expect(cfg.stack).toBe('dev');
    expect(await pulumi.isSecret(cfg.secrets.jwtSecret!)).toBe(true);
    expect(await pulumi.isSecret(cfg.secrets.databaseUrl!)).toBe(true);
    expect(cfg.postgres).toBeUndefined();
  });

  it('when a secret key was stored as plain config, then it is still read as a secret Output', async () => {
    pulumi.runtime.setAllConfig({ 'todo:groqApiKey': 'gsk_plain' }, []);
    expect(await pulumi.isSecret(loadStackConfig().secrets.groqApiKey!)).toBe(true);
  });

  it('when a secret is read, then its value passes through unchanged and still secret', async () => {
    pulumi.runtime.setAllConfig({ 'todo:jwtSecret': 'j'.repeat(40) }, ['todo:jwtSecret']);
    const jwt = loadStackConfig().secrets.jwtSecret!;
    expect(await new Promise((resolve) => jwt.apply(resolve))).toBe('j'.repeat(40));
    expect(await pulumi.isSecret(jwt)).toBe(true);
  });

  it('when a key has a bad value, then loading throws the StackConfigError', () => {
    pulumi.runtime.setAllConfig({ 'todo:frontend.nodePort': '80' }, []);
    expect(() => loadStackConfig()).toThrow(StackConfigError);
  });
});

describe('Pulumi.yaml', () => {
  const project = parse(fs.readFileSync(path.join(__dirname, '..', 'Pulumi.yaml'), 'utf8')) as {
    name: string;
    config: Record<string, { type: string; default?: unknown; secret?: boolean; description?: string }>;
  };

  it('when read, then it is the todo project on the nodejs runtime with TypeScript', () => {
    expect(project.name).toBe('todo');
    expect(project).toMatchObject({ runtime: { name: 'nodejs', options: { typescript: true } } });
  });

  it('when read, then it declares exactly the keys the program reads, each with a description', () => {
    expect(Object.keys(project.config).sort()).toEqual([...PLAIN_KEYS, ...SECRET_KEYS].sort());
    for (const [key, schema] of Object.entries(project.config)) {
      expect([key, typeof schema.description]).toEqual([key, 'string']);
    }
  });

  it('when read, then the secret keys are declared secret and nothing else is', () => {
    const secretKeys = Object.entries(project.config).filter(([, s]) => s.secret).map(([k]) => k);
    expect(secretKeys.sort()).toEqual([...SECRET_KEYS].sort());
  });

  it('when read, then every default equals the default the program applies', () => {
    const defaults = Object.fromEntries(
      Object.entries(project.config)
        .filter(([, s]) => s.default !== undefined)
        .map(([k, s]) => [k, String(s.default)]),
    );
    const fromYaml = parseStackConfig('dev', defaults, {});
    expect(fromYaml).toEqual(parseStackConfig('dev', {}, {}));
  });
});
