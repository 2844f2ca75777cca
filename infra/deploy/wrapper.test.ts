import { execFile, execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { deploymentWithImages, imageUrn } from '../testing/state-export';
import { dockerArch } from './docker';
import { runPulumi } from './run';

/**
 * `npm run deploy|preview|destroy|refresh` end to end, in a fresh copy of the repository (no
 * `.pulumi/`, no `encryptionsalt`), with a fake `pulumi` (PULUMI_BIN) and a fake `minikube` first on
 * PATH (infra/testing/fakes/). The fakes record every call and refuse what the real tools refuse; a
 * fake Docker daemon answers /_ping and /version.
 */
const repoRoot = path.resolve(__dirname, '..', '..');
const fakes = path.join(repoRoot, 'infra', 'testing', 'fakes');

interface Recorded {
  tool: 'pulumi' | 'minikube';
  argv: string[];
  cwd?: string;
  env?: Record<string, string>;
}
interface Run {
  code: number;
  output: string;
  calls: Recorded[];
}

jest.setTimeout(120_000);

let clone: string;
let daemon: http.Server;
let daemonUrl: string;
let daemonArch = dockerArch(process.arch);
/** The images the fake daemon holds: `GET /images/<name>/json` answers 200 for these, 404 for others (Engine API). */
const daemonImages = new Set<string>();

/** A copy of what a clone has for the wrapper: the root files, infra/ and scripts/; node_modules linked. */
function freshClone(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-clone-'));
  for (const file of [
    'package.json',
    'tsconfig.json',
    'tsconfig.base.json',
    'Pulumi.yaml',
    'Pulumi.dev.yaml',
    'Pulumi.prod.yaml',
    'index.ts',
  ]) {
    fs.copyFileSync(path.join(repoRoot, file), path.join(dir, file));
  }
  for (const folder of ['infra', 'scripts']) fs.cpSync(path.join(repoRoot, folder), path.join(dir, folder), { recursive: true });
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

function wrapperEnv(record: string, extraEnv: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: `${fakes}${path.delimiter}${process.env.PATH}`,
    HOME: process.env.HOME,
    NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS,
    PULUMI_BIN: path.join(fakes, 'pulumi'),
    PULUMI_CONFIG_PASSPHRASE: 'correct horse battery staple',
    FAKE_RECORD: record,
    FAKE_MINIKUBE_DOCKER_HOST: daemonUrl,
    ...extraEnv,
  };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  return env;
}

const newRecordFile = () => path.join(clone, `calls-${Date.now()}-${Math.random().toString(16).slice(2)}.jsonl`);
const readCalls = (record: string): Recorded[] =>
  fs.existsSync(record)
    ? fs
        .readFileSync(record, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Recorded)
    : [];

/** `npm run <script> -- <args>` in the clone, as a user types it (no terminal attached). */
function npmRun(script: string, args: string[], extraEnv: Record<string, string | undefined> = {}): Promise<Run> {
  const record = newRecordFile();
  const env = wrapperEnv(record, extraEnv);
  return new Promise((resolve) => {
    execFile('npm', ['run', '--silent', script, '--', ...args], { cwd: clone, env, timeout: 90_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}`, calls: readCalls(record) });
    });
  });
}

/**
 * The same wrapper, the same fakes and clone, called in-process (what the npm scripts call): the
 * refusals below need no new tsx process each, which keeps this suite quick on a busy machine.
 */
async function wrapper(
  command: 'up' | 'preview' | 'destroy' | 'refresh',
  args: string[],
  extraEnv: Record<string, string | undefined> = {},
): Promise<Run> {
  const record = newRecordFile();
  const lines: string[] = [];
  const capture = (...values: unknown[]) => void lines.push(values.map(String).join(' '));
  const log = jest.spyOn(console, 'log').mockImplementation(capture);
  const error = jest.spyOn(console, 'error').mockImplementation(capture);
  try {
    const code = await runPulumi(command, args, { root: clone, env: wrapperEnv(record, extraEnv), interactive: false });
    return { code, output: lines.join('\n'), calls: readCalls(record) };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

const pulumiCalls = (run: Run) => run.calls.filter((c) => c.tool === 'pulumi');
/**
 * The one read of the state every command makes after selecting the stack (run.ts `stackChecks`):
 * interrupted operations, lost images, the database's storage and what destroy keeps all read it.
 */
const stateRead = (stack: string) => [['stack', 'export', '--stack', stack]];
/** The one read of the config before `up` and `preview`: the secrets it lacks and the storage it asks. */
const configRead = (stack: string) => [['config', '--json', '--stack', stack]];
let firstDeploy: Run;

/** The secure values of the clone's stack file, decoded (the fake's "ciphertext" is base64). */
function storedSecrets(stack = 'dev'): Record<string, string> {
  const config = (parse(fs.readFileSync(path.join(clone, `Pulumi.${stack}.yaml`), 'utf8')) as { config: Record<string, unknown> }).config;
  return Object.fromEntries(
    Object.entries(config)
      .filter(([, v]) => typeof v === 'object' && v !== null && 'secure' in v)
      .map(([k, v]) => [
        k.replace(/^todo:/, ''),
        Buffer.from(String((v as { secure: string }).secure).slice(3), 'base64').toString('utf8'),
      ]),
  );
}

beforeAll(async () => {
  daemon = http.createServer((req, res) => {
    if (req.url === '/_ping') res.writeHead(200).end('OK');
    else if (req.url === '/version')
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ Os: 'linux', Arch: daemonArch }));
    else if (/^\/images\/.+\/json$/.test(req.url ?? '')) {
      const name = decodeURI((req.url ?? '').slice('/images/'.length, -'/json'.length));
      if (daemonImages.has(name)) res.writeHead(200, { 'content-type': 'application/json' }).end('{"Id":"sha256:0"}');
      else res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: `No such image: ${name}` }));
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => daemon.listen(0, '127.0.0.1', resolve));
  daemonUrl = `tcp://127.0.0.1:${(daemon.address() as AddressInfo).port}`;
  clone = freshClone();
});

afterAll(() => {
  daemon.close();
  fs.rmSync(clone, { recursive: true, force: true });
});

describe('a fresh clone, Minikube running', () => {
  it('when npm run deploy -- --yes --no-smoke runs, then the state directory is created and pulumi up is recorded with the policy pack and the Docker and backend env', async () => {
    expect(fs.existsSync(path.join(clone, '.pulumi'))).toBe(false);
    const run = await npmRun('deploy', ['--yes', '--no-smoke']);
    firstDeploy = run;
    expect([run.code, run.output]).toEqual([0, expect.stringContaining('fake pulumi up (dev): done')]);
    expect(fs.statSync(path.join(clone, '.pulumi')).isDirectory()).toBe(true);
    expect(pulumiCalls(run).map((c) => c.argv)).toEqual([
      ['stack', 'select', 'dev', '--create', '--secrets-provider', 'passphrase'],
      ...stateRead('dev'),
      ...configRead('dev'),
      ['config', 'set', '--secret', 'jwtSecret', '--stack', 'dev'],
      ['config', 'set', '--secret', 'postgresPassword', '--stack', 'dev'],
      ['up', '--stack', 'dev', '--policy-pack', path.join(clone, 'infra', 'policy'), '--yes'],
    ]);
    for (const call of pulumiCalls(run)) {
      expect(call.env).toMatchObject({
        PULUMI_BACKEND_URL: `file://${path.join(clone, '.pulumi')}`,
        PULUMI_CONFIG_PASSPHRASE: '<set>',
        DOCKER_HOST: daemonUrl,
        MINIKUBE_ACTIVE_DOCKERD: 'minikube',
      });
      expect(call.cwd).toBe(clone);
    }
    expect(run.calls.filter((c) => c.tool === 'minikube').map((c) => c.argv.join(' '))).toEqual([
      'status --format {{.Host}}/{{.Kubelet}}/{{.APIServer}}',
      'profile list -o json',
      'docker-env --shell none',
    ]);
    expect(fs.readFileSync(path.join(clone, 'Pulumi.dev.yaml'), 'utf8')).toContain('encryptionsalt:');
  });

  it('when the first deploy ran, then the stack holds both generated secrets, encrypted, 64 hex digits each, different, and never printed', () => {
    const stored = storedSecrets();
    expect(Object.keys(stored)).toEqual(['jwtSecret', 'postgresPassword']);
    for (const value of Object.values(stored)) expect(value).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.jwtSecret).not.toBe(stored.postgresPassword);
    expect(firstDeploy.output).toContain('Generated jwtSecret for stack dev (kept encrypted in Pulumi.dev.yaml)');
    expect(firstDeploy.output).toContain('Generated postgresPassword for stack dev (kept encrypted in Pulumi.dev.yaml)');
    for (const value of Object.values(stored)) {
      expect(firstDeploy.output).not.toContain(value);
      for (const call of firstDeploy.calls) expect(JSON.stringify(call)).not.toContain(value);
    }
  });

  it('when npm run preview runs, then pulumi preview gets the policy pack and the stack keeps its secrets', async () => {
    const before = storedSecrets();
    const run = await npmRun('preview', []);
    expect(run.code).toBe(0);
    expect(pulumiCalls(run).map((c) => c.argv)).toEqual([
      ['stack', 'select', 'dev', '--create', '--secrets-provider', 'passphrase'],
      ...stateRead('dev'),
      ...configRead('dev'),
      ['preview', '--stack', 'dev', '--policy-pack', path.join(clone, 'infra', 'policy')],
    ]);
    expect(storedSecrets()).toEqual(before);
    expect(run.output).not.toContain('Generated');
  });

  it.each([['refresh'], ['destroy']])(
    "when npm run %s -- --yes runs, then it selects the existing stack and runs with Minikube's Docker env",
    async (script) => {
      const run = await npmRun(script, ['--yes']);
      expect([run.code, run.output]).toEqual([0, expect.stringContaining(`fake pulumi ${script} (dev): done`)]);
      expect(pulumiCalls(run).map((c) => c.argv)).toEqual([
        ['stack', 'ls', '--json'],
        ['stack', 'select', 'dev'],
        ...stateRead('dev'),
        [script, '--stack', 'dev', '--yes'],
      ]);
      expect(pulumiCalls(run).at(-1)?.env).toMatchObject({
        DOCKER_HOST: daemonUrl,
        PULUMI_BACKEND_URL: `file://${path.join(clone, '.pulumi')}`,
      });
    },
  );
});

describe('the smoke test after a successful up', () => {
  let frontDoor: http.Server;
  let frontDoorPort: number;

  beforeAll(async () => {
    // A front door whose frontend is healthy but whose backend is gone, as the BFF answers then.
    frontDoor = http.createServer((req, res) => {
      if (req.method === 'GET' && req.url === '/api/health')
        return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      if (req.method === 'POST' && req.url === '/api/session/signup') {
        req.resume();
        return void res
          .writeHead(503, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: { code: 'service_unavailable', message: 'The backend is unreachable. Try again in a moment.' } }));
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => frontDoor.listen(0, '127.0.0.1', resolve));
    frontDoorPort = (frontDoor.address() as AddressInfo).port;
  });

  afterAll(() => frontDoor.close());

  it("when up succeeds, then the smoke test reads the stack's URL (the NodePort on minikube ip) and its failing step fails the deploy", async () => {
    const run = await wrapper('up', ['--yes'], { FAKE_FRONTEND_URL: `http://localhost:${frontDoorPort}`, FAKE_MINIKUBE_IP: '127.0.0.1' });

    expect(run.code).toBe(1);
    expect(pulumiCalls(run).map((c) => c.argv)).toEqual([
      ['stack', 'select', 'dev', '--create', '--secrets-provider', 'passphrase'],
      ...stateRead('dev'),
      ...configRead('dev'),
      ['up', '--stack', 'dev', '--policy-pack', path.join(clone, 'infra', 'policy'), '--yes'],
      ['stack', 'output', '--json', '--stack', 'dev'],
    ]);
    expect(pulumiCalls(run).at(-1)?.env).toMatchObject({
      PULUMI_BACKEND_URL: `file://${path.join(clone, '.pulumi')}`,
      PULUMI_CONFIG_PASSPHRASE: '<set>',
    });
    expect(run.calls.filter((c) => c.tool === 'minikube').map((c) => c.argv[0])).toEqual([
      'status',
      'profile',
      'docker-env',
      'profile',
      'ip',
    ]);
    expect(run.output).toContain('Smoke test of the release (skip it with --no-smoke):');
    expect(run.output).toContain(
      `smoke test of http://127.0.0.1:${frontDoorPort} (stack dev output frontendUrl, host from minikube ip (the docker driver routes to the node))`,
    );
    expect(run.output).toMatch(/ {2}ok {4}frontend health +\d+ ms {2}GET \/api\/health 200/);
    expect(run.output).toMatch(
      / {2}FAIL {2}sign up +\d+ ms {2}POST \/api\/session\/signup answered 503 service_unavailable: The backend is unreachable/,
    );
    expect(run.output).toMatch(/smoke test FAILED at step "sign up"/);
  });

  it('when --no-smoke is given, then up alone runs and --no-smoke never reaches Pulumi', async () => {
    const run = await wrapper('up', ['--no-smoke', '--yes'], { FAKE_FRONTEND_URL: `http://localhost:${frontDoorPort}` });

    expect(run.code).toBe(0);
    expect(pulumiCalls(run).map((c) => c.argv)).toEqual([
      ['stack', 'select', 'dev', '--create', '--secrets-provider', 'passphrase'],
      ...stateRead('dev'),
      ...configRead('dev'),
      ['up', '--stack', 'dev', '--policy-pack', path.join(clone, 'infra', 'policy'), '--yes'],
    ]);
    expect(run.output).not.toContain('Smoke test');
  });
});

describe('the policy pack on deploy', () => {
  it('when --no-policy is given, then up runs without the pack, --no-policy never reaches Pulumi, and a loud line says the pack was skipped', async () => {
    const run = await wrapper('up', ['--no-policy', '--no-smoke', '--yes']);

    expect(run.code).toBe(0);
    expect(pulumiCalls(run).at(-1)?.argv).toEqual(['up', '--stack', 'dev', '--yes']);
    expect(run.output).not.toMatch(/ {2}ok {2}policy pack:/);
    expect(run.output).toContain(
      '!!! POLICY PACK SKIPPED (--no-policy): pulumi up runs without infra/policy; no policy checks this deploy.',
    );
  });

  it('when the pack runs, then no notice is printed', async () => {
    const run = await wrapper('up', ['--no-smoke', '--yes']);

    expect(run.code).toBe(0);
    expect(run.output).toContain(`  ok  policy pack: ${path.join(clone, 'infra', 'policy')}`);
    expect(run.output).not.toContain('POLICY PACK SKIPPED');
  });

  it.each([['refresh'], ['destroy']] as const)(
    'when %s is given --no-policy, then it is dropped without a notice (no pack runs there)',
    async (command) => {
      const run = await wrapper(command, ['--no-policy', '--preview-only']);

      expect(run.code).toBe(0);
      expect(pulumiCalls(run).at(-1)?.argv).toEqual([command, '--stack', 'dev', '--preview-only']);
      expect(run.output).not.toContain('POLICY PACK SKIPPED');
    },
  );
});

describe('refusals: the wrapper says how to fix it before the CLI would fail', () => {
  it('when no passphrase is set, then nothing runs and the fix is the export', async () => {
    const run = await npmRun('deploy', ['--yes'], { PULUMI_CONFIG_PASSPHRASE: undefined });
    expect(run.code).toBe(1);
    expect(run.output).toContain(
      "FAIL secrets passphrase: Set the passphrase that encrypts this stack's secrets: export PULUMI_CONFIG_PASSPHRASE=",
    );
    expect(pulumiCalls(run)).toEqual([]);
  });

  it('when the state backend path is a file, then nothing runs and the message says what to do', async () => {
    const file = path.join(clone, 'not-a-dir');
    fs.writeFileSync(file, '');
    const run = await wrapper('up', ['--yes'], { PULUMI_BACKEND_URL: `file://${file}` });
    expect(run.code).toBe(1);
    expect(run.output).toContain(`FAIL state backend: ${file} exists but is not a directory`);
    expect(pulumiCalls(run)).toEqual([]);
  });

  it('when destroy names a stack that was never deployed, then the wrapper says where it looked instead of selecting it', async () => {
    const run = await wrapper('destroy', ['--stack', 'prod', '--yes'], { DOCKER_HOST: daemonUrl });
    expect(run.code).toBe(1);
    expect(run.output).toContain(
      `Stack "prod" does not exist in file://${path.join(clone, '.pulumi')} (it has: dev), so there is nothing to destroy.`,
    );
    expect(pulumiCalls(run).map((c) => c.argv)).toEqual([['stack', 'ls', '--json']]);
  });

  it.each([
    ['preview', []],
    ['up', ['--yes', '--no-smoke']],
  ] as const)('when the policy pack has no PulumiPolicy.yaml, then %s stops before the CLI', async (command, args) => {
    const file = path.join(clone, 'infra', 'policy', 'PulumiPolicy.yaml');
    fs.renameSync(file, `${file}.away`);
    try {
      const run = await wrapper(command, [...args]);
      expect(run.code).toBe(1);
      expect(run.output).toContain(`FAIL policy pack: ${file} is missing: restore it (git checkout -- infra/policy/PulumiPolicy.yaml)`);
      expect(pulumiCalls(run)).toEqual([]);
    } finally {
      fs.renameSync(`${file}.away`, file);
    }
  });

  it('when Minikube is stopped, then the fix is minikube start and nothing else runs', async () => {
    const run = await wrapper('up', ['--yes'], { FAKE_MINIKUBE_STATE: 'Stopped' });
    expect(run.code).toBe(1);
    expect(run.output).toContain(
      'FAIL Minikube: minikube is not running (Stopped/Stopped/Stopped): run minikube start --cpus 2 --memory 4096 --container-runtime=docker',
    );
    expect(run.calls.map((c) => `${c.tool} ${c.argv[0]}`)).toEqual(['minikube status']);
  });

  it.each([
    ['rootless Podman with cri-o', 'podman', 'cri-o'],
    ['the docker driver with containerd', 'docker', 'containerd'],
  ])(
    'when Minikube is %s and the stack does not say image-load, then docker-env is never asked for and the deploy stops naming the setting',
    async (_what, driver, runtime) => {
      const run = await wrapper('up', ['--yes'], { FAKE_MINIKUBE_DRIVER: driver, FAKE_MINIKUBE_RUNTIME: runtime });
      expect(run.code).toBe(1);
      expect(run.output).toContain(`FAIL image delivery: image-load (profile minikube: ${driver} driver, ${runtime} runtime;`);
      expect(run.output).toContain('npx pulumi config set imageDelivery image-load --stack dev');
      expect(run.calls.map((c) => `${c.tool} ${c.argv[0]}`)).toEqual(['minikube status', 'minikube profile']);
    },
  );

  it('when docker-env gives an ssh:// host (containerd runtime), then the fix is the Docker runtime', async () => {
    const run = await wrapper('refresh', ['--yes'], { FAKE_MINIKUBE_DOCKER_HOST: 'ssh://docker@127.0.0.1:32772' });
    expect(run.code).toBe(1);
    expect(run.output).toContain("FAIL Minikube's Docker daemon: minikube docker-env gave DOCKER_HOST=ssh://docker@127.0.0.1:32772");
    expect(run.output).toContain('minikube delete && minikube start --cpus 2 --memory 4096 --container-runtime=docker');
    expect(pulumiCalls(run)).toEqual([]);
  });

  it('when there is no terminal and no --yes, then deploy asks for --yes instead of letting the CLI refuse', async () => {
    const run = await wrapper('up', []);
    expect(run.code).toBe(1);
    expect(run.output).toContain('FAIL confirmation: no terminal to confirm in: run npm run deploy -- --yes');
    expect(pulumiCalls(run)).toEqual([]);
  });

  it('when the Minikube node has another architecture than this machine, then the fix sets imagePlatform', async () => {
    const other = daemonArch === 'arm64' ? 'amd64' : 'arm64';
    daemonArch = other;
    try {
      const run = await wrapper('up', ['--yes']);
      expect(run.code).toBe(1);
      expect(run.output).toContain(`but Minikube's node is linux/${other}: npx pulumi config set imagePlatform linux/${other} --stack dev`);
      expect(pulumiCalls(run)).toEqual([]);
    } finally {
      daemonArch = dockerArch(process.arch);
    }
  });
});

describe('the secrets a stack needs, before up and preview', () => {
  const writeStackFile = (stack: string, config: Record<string, unknown>) =>
    fs.writeFileSync(
      path.join(clone, `Pulumi.${stack}.yaml`),
      `config:\n${Object.entries(config)
        .map(([k, v]) => `  todo:${k}: ${JSON.stringify(v)}\n`)
        .join('')}`,
    );

  it('when the stack has an external databaseUrl, then only jwtSecret is generated', async () => {
    writeStackFile('external', {
      kubeContext: 'minikube',
      // A dev environment: the wrapper makes up secrets for no other (stack-secrets.ts).
      environment: 'dev',
      databaseUrl: { secure: `v1:${Buffer.from('postgresql://u:p@db/x').toString('base64')}` },
    });
    const run = await wrapper('preview', ['--stack', 'external']);
    expect(run.code).toBe(0);
    expect(
      pulumiCalls(run)
        .filter((c) => c.argv[1] === 'set')
        .map((c) => c.argv),
    ).toEqual([['config', 'set', '--secret', 'jwtSecret', '--stack', 'external']]);
    expect(Object.keys(storedSecrets('external')).sort()).toEqual(['databaseUrl', 'jwtSecret']);
  });

  it('when the stack config cannot be read, then the wrapper says so and nothing is set or deployed', async () => {
    const projectFile = path.join(clone, 'Pulumi.yaml');
    const original = fs.readFileSync(projectFile, 'utf8');
    // The spelling the engine refused: a declared key without a default is required of every stack.
    fs.writeFileSync(projectFile, `${original}  frontend.serviceType:\n    type: string\n`);
    try {
      const run = await wrapper('preview', []);
      expect(run.code).toBe(1);
      expect(run.output).toContain(
        "Could not read the config of stack dev: error: Stack 'dev' is missing configuration value 'frontend.serviceType'",
      );
      expect(pulumiCalls(run).map((c) => c.argv.slice(0, 2).join(' '))).toEqual(['stack select', 'stack export', 'config --json']);
    } finally {
      fs.writeFileSync(projectFile, original);
    }
  });

  it('when the prod example lacks its secrets, then preview stops naming each one with its fix and makes none up', async () => {
    const run = await wrapper('preview', ['--stack', 'prod'], { DOCKER_HOST: daemonUrl });

    expect(run.code).toBe(1);
    expect(run.output).toContain('Stack prod (environment prod) lacks secrets the wrapper generates for a dev environment only:');
    expect(run.output).toContain('  jwtSecret: openssl rand -hex 32 | npx pulumi config set --secret jwtSecret --stack prod');
    expect(run.output).toContain('  databaseUrl (an external PostgreSQL): npx pulumi config set --secret databaseUrl --stack prod');
    expect(run.output).toContain("the environment's secrets JWT_SECRET and DATABASE_URL");
    expect(pulumiCalls(run).map((c) => c.argv)).toEqual([
      ['stack', 'select', 'prod', '--create', '--secrets-provider', 'passphrase'],
      ...stateRead('prod'),
      ...configRead('prod'),
    ]);
    expect(storedSecrets('prod')).toEqual({});
  });

  it('when its secrets were piped into the stack (as shared-stack.yml does), then the prod preview runs with the policy pack and makes none up', async () => {
    const given = {
      databaseUrl: 'postgresql://todo:pw@db.example.com/todo?sslmode=require',
      jwtSecret: 'a'.repeat(64),
      registryPassword: 'registry-token',
      groqApiKey: 'gsk_example',
    };
    const cliEnv = wrapperEnv(newRecordFile(), { PULUMI_BACKEND_URL: `file://${path.join(clone, '.pulumi')}` });
    for (const [key, value] of Object.entries(given)) {
      execFileSync(path.join(fakes, 'pulumi'), ['config', 'set', '--secret', key, '--stack', 'prod'], {
        cwd: clone,
        env: cliEnv,
        input: value,
      });
    }

    const run = await wrapper('preview', ['--stack', 'prod'], { DOCKER_HOST: daemonUrl });

    expect(run.code).toBe(0);
    expect(pulumiCalls(run).filter((c) => c.argv[1] === 'set')).toEqual([]);
    expect(pulumiCalls(run).at(-1)?.argv).toEqual(['preview', '--stack', 'prod', '--policy-pack', path.join(clone, 'infra', 'policy')]);
    expect(storedSecrets('prod')).toEqual(given);
    expect(run.output).not.toContain('Generated');
  });
});

describe('images the daemon lost since the last deploy (minikube delete, minikube image rm)', () => {
  /** A stack whose state holds both built images, as the DIY backend keeps it after a deploy. */
  function deployedStack(stack: string): void {
    // environment dev: the wrapper generates the stack's secrets (a dev environment only).
    fs.writeFileSync(path.join(clone, `Pulumi.${stack}.yaml`), 'config:\n  todo:kubeContext: minikube\n  todo:environment: dev\n');
    const dir = path.join(clone, '.pulumi', '.pulumi', 'stacks', 'todo');
    fs.mkdirSync(dir, { recursive: true });
    const latest = deploymentWithImages(stack, [
      { app: 'backend', imageName: 'todo/backend:aaaaaaaaaaaa' },
      { app: 'frontend', imageName: 'todo/frontend:bbbbbbbbbbbb' },
    ]);
    fs.writeFileSync(path.join(dir, `${stack}.json`), JSON.stringify({ version: 3, checkpoint: { stack, latest } }));
  }
  const replaced = (argv: string[] = []) => argv.filter((_, i) => argv[i - 1] === '--replace');
  afterEach(() => daemonImages.clear());

  it("when Minikube's daemon lost the backend image but has the frontend's, then up replaces the backend image only and says so", async () => {
    deployedStack('lost');
    daemonImages.add('todo/frontend:bbbbbbbbbbbb');

    const run = await wrapper('up', ['--stack', 'lost', '--yes', '--no-smoke']);

    expect(run.code).toBe(0);
    expect(pulumiCalls(run).map((c) => c.argv.slice(0, 2))).toContainEqual(['stack', 'export']);
    const up = pulumiCalls(run).at(-1)?.argv;
    expect([up?.[0], replaced(up)]).toEqual(['up', [imageUrn('lost', 'backend')]]);
    expect(run.output).toContain(
      "backend image todo/backend:aaaaaaaaaaaa is not in Minikube's Docker daemon (minikube delete?): rebuilding it",
    );
    expect(run.output).not.toContain('frontend image');
  });

  it('when the daemon has both images, then up gets no --replace', async () => {
    deployedStack('kept');
    daemonImages.add('todo/backend:aaaaaaaaaaaa').add('todo/frontend:bbbbbbbbbbbb');

    const run = await wrapper('up', ['--stack', 'kept', '--yes', '--no-smoke']);

    expect(run.code).toBe(0);
    const up = pulumiCalls(run).at(-1)?.argv;
    expect([up?.[0], replaced(up)]).toEqual(['up', []]);
    expect(run.output).not.toContain('rebuilding');
  });

  it('when preview runs on a stack whose daemon lost both images, then the preview gets both --replace flags, so it shows the rebuilds', async () => {
    deployedStack('gone');

    const run = await wrapper('preview', ['--stack', 'gone']);

    expect(run.code).toBe(0);
    const preview = pulumiCalls(run).at(-1)?.argv;
    expect([preview?.[0], replaced(preview)]).toEqual(['preview', [imageUrn('gone', 'backend'), imageUrn('gone', 'frontend')]]);
  });

  it('when the state cannot be exported, then the wrapper says why and runs the command without the check', async () => {
    deployedStack('broken');
    fs.writeFileSync(path.join(clone, '.pulumi', '.pulumi', 'stacks', 'todo', 'broken.json'), '{"version": 3, "checkpoint": ');

    const run = await wrapper('preview', ['--stack', 'broken']);

    expect(run.output).toContain(
      'Could not read the state of stack broken to check its images (error: failed to load checkpoint: Unexpected end of JSON input); going on without that check.',
    );
    expect(pulumiCalls(run).map((c) => c.argv[0])).toContain('preview');
  });
});

describe('a stack that deploys given image references', () => {
  it('when it names backendImage and frontendImage, then deploy needs neither Minikube nor a Docker daemon', async () => {
    fs.writeFileSync(
      path.join(clone, 'Pulumi.refs.yaml'),
      'config:\n  todo:kubeContext: minikube\n  todo:environment: dev\n  todo:backendImage: todo/backend:abc123\n  todo:frontendImage: todo/frontend:abc123\n',
    );
    // Minikube stopped and no Docker host: asking either would fail the deploy.
    const run = await wrapper('up', ['--stack', 'refs', '--yes', '--no-smoke'], { FAKE_MINIKUBE_STATE: 'Stopped', DOCKER_HOST: undefined });
    expect(run.code).toBe(0);
    expect(pulumiCalls(run).at(-1)?.argv).toEqual(['up', '--stack', 'refs', '--policy-pack', path.join(clone, 'infra', 'policy'), '--yes']);
    expect(run.calls.filter((c) => c.tool === 'minikube')).toEqual([]);
    expect(run.output).not.toContain('Docker daemon');
    expect(pulumiCalls(run).at(-1)?.env?.DOCKER_HOST).toBeUndefined();
    expect(Object.keys(storedSecrets('refs'))).toEqual(['jwtSecret', 'postgresPassword']);
  });
});

describe('a deploy cut off mid-up (pending.ts)', () => {
  it('when a crash left a lock and a pending create, then deploy stops before up with the one command, which clears both, and the next deploy passes', async () => {
    const stack = 'cut';
    fs.writeFileSync(
      path.join(clone, `Pulumi.${stack}.yaml`),
      'config:\n  todo:kubeContext: minikube\n  todo:environment: dev\n  todo:backendImage: todo/backend:abc123\n  todo:frontendImage: todo/frontend:abc123\n',
    );
    const refsEnv = { FAKE_MINIKUBE_STATE: 'Stopped', DOCKER_HOST: undefined };
    expect((await wrapper('up', ['--stack', stack, '--yes', '--no-smoke'], refsEnv)).code).toBe(0);
    // What `kill -KILL` of the real CLI 3.248 mid-up left (pending.test.ts has the same shapes): a
    // pending create in the checkpoint and the lock file of a process that is gone.
    const backend = path.join(clone, '.pulumi');
    const stackFile = path.join(backend, '.pulumi', 'stacks', 'todo', `${stack}.json`);
    const checkpoint = JSON.parse(fs.readFileSync(stackFile, 'utf8')) as { checkpoint: { latest: Record<string, unknown> } };
    const jobUrn = `urn:pulumi:${stack}::todo::todo:infra:Migration$kubernetes:batch/v1:Job::backend-migrate-job`;
    checkpoint.checkpoint.latest.pending_operations = [
      {
        type: 'creating',
        resource: {
          urn: jobUrn,
          custom: true,
          type: 'kubernetes:batch/v1:Job',
          inputs: { metadata: { name: 'backend-migrate-abc123', namespace: 'todo-app' } },
        },
      },
    ];
    fs.writeFileSync(stackFile, JSON.stringify(checkpoint));
    const lockDir = path.join(backend, '.pulumi', 'locks', 'organization', 'todo', stack);
    fs.mkdirSync(lockDir, { recursive: true });
    const deadPid = spawnSync('true').pid;
    fs.writeFileSync(
      path.join(lockDir, 'fe0504d1-a8f3-4cc8-89aa-44392d2d4146.json'),
      JSON.stringify({ pid: deadPid, username: 'root', hostname: os.hostname(), timestamp: '2026-12-07T19:52:19.938696078Z' }),
    );

    const stopped = await wrapper('up', ['--stack', stack, '--yes', '--no-smoke'], refsEnv);
    expect(stopped.code).toBe(1);
    expect(pulumiCalls(stopped).map((c) => c.argv.slice(0, 2))).toEqual([
      ['stack', 'select'],
      ['stack', 'export'],
    ]);
    expect(stopped.output).toContain(`pid ${deadPid} (root@${os.hostname()}, since 2026-12-07T19:52:19.938696078Z) is no longer running`);
    expect(stopped.output).toContain('  kubernetes:batch/v1:Job backend-migrate-job (todo-app/backend-migrate-abc123)');
    expect(stopped.output.split('\n').at(-1)).toBe(
      `  PULUMI_BACKEND_URL=file://${backend} npx pulumi cancel --stack ${stack} --yes && npm run refresh -- --stack ${stack} --clear-pending-creates --yes`,
    );

    // The command, with the fake CLI in place of npx pulumi.
    const env = wrapperEnv(newRecordFile(), { PULUMI_BACKEND_URL: `file://${backend}` });
    expect(execFileSync(path.join(fakes, 'pulumi'), ['cancel', '--stack', stack, '--yes'], { cwd: clone, env, encoding: 'utf8' })).toBe(
      `The currently running update for '${stack}' has been canceled!\n`,
    );
    const refreshed = await wrapper('refresh', ['--stack', stack, '--clear-pending-creates', '--yes'], refsEnv);
    expect(refreshed.code).toBe(0);
    expect(pulumiCalls(refreshed).at(-1)?.argv).toEqual(['refresh', '--stack', stack, '--clear-pending-creates', '--yes']);
    expect((JSON.parse(fs.readFileSync(stackFile, 'utf8')) as typeof checkpoint).checkpoint.latest.pending_operations).toEqual([]);

    const deployed = await wrapper('up', ['--stack', stack, '--yes', '--no-smoke'], refsEnv);
    expect(deployed.code).toBe(0);
    expect(pulumiCalls(deployed).at(-1)?.argv.slice(0, 3)).toEqual(['up', '--stack', stack]);
  });
});

describe("the database's storage and protection (storage-change.ts, retained.ts)", () => {
  const DATABASE = 'todo:infra:Database';
  /** A stack deploying given images, whose state holds the database with a claim grown to 2Gi; Namespace and Secret kept on destroy. */
  function deployedDatabase(stack: string, config: string): void {
    fs.writeFileSync(
      path.join(clone, `Pulumi.${stack}.yaml`),
      `config:\n  todo:kubeContext: minikube\n  todo:environment: dev\n  todo:backendImage: todo/backend:abc123\n  todo:frontendImage: todo/frontend:abc123\n${config}`,
    );
    const urn = (type: string, name: string) => `urn:pulumi:${stack}::todo::${type}::${name}`;
    const resources = [
      { urn: urn('pulumi:providers:kubernetes', 'k8s'), type: 'pulumi:providers:kubernetes', inputs: { context: 'minikube' } },
      {
        urn: urn('todo:infra:Namespace$kubernetes:core/v1:Namespace', 'todo-namespace'),
        type: 'kubernetes:core/v1:Namespace',
        retainOnDelete: true,
        outputs: { kind: 'Namespace', metadata: { name: 'todo-app' } },
      },
      {
        urn: urn(`${DATABASE}$kubernetes:core/v1:Secret`, 'postgres-credentials'),
        type: 'kubernetes:core/v1:Secret',
        retainOnDelete: true,
        outputs: { kind: 'Secret', metadata: { name: 'postgres-credentials', namespace: 'todo-app' } },
      },
      {
        urn: urn(`${DATABASE}$kubernetes:apps/v1:StatefulSet`, 'postgres-statefulset'),
        type: 'kubernetes:apps/v1:StatefulSet',
        inputs: {
          metadata: { name: 'postgres' },
          spec: { volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { resources: { requests: { storage: '1Gi' } } } }] },
        },
        outputs: { kind: 'StatefulSet', metadata: { name: 'postgres', namespace: 'todo-app' } },
      },
      {
        urn: urn(`${DATABASE}$kubernetes:core/v1:PersistentVolumeClaimPatch`, 'postgres-claim-size'),
        type: 'kubernetes:core/v1:PersistentVolumeClaimPatch',
        retainOnDelete: true,
        inputs: { spec: { resources: { requests: { storage: '2Gi' } } } },
        outputs: {
          kind: 'PersistentVolumeClaim',
          metadata: { name: 'data-postgres-0', namespace: 'todo-app' },
          spec: { storageClassName: 'standard' },
        },
      },
    ];
    const dir = path.join(clone, '.pulumi', '.pulumi', 'stacks', 'todo');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${stack}.json`), JSON.stringify({ version: 3, checkpoint: { stack, latest: { resources } } }));
  }

  it('when the config asks for less than the claim has, then deploy stops before up naming the size to keep', async () => {
    deployedDatabase('shrunk', '  todo:postgresStorageSize: 1Gi\n');
    const run = await wrapper('up', ['--stack', 'shrunk', '--yes', '--no-smoke'], {
      FAKE_MINIKUBE_STATE: 'Stopped',
      DOCKER_HOST: undefined,
    });
    expect(run.code).toBe(1);
    expect(run.output).toContain(
      "postgresStorageSize is 1Gi, but the database's claim data-postgres-0 already requests 2Gi: a volume claim cannot shrink, so nothing was deployed.\nKeep the size: pulumi config set postgresStorageSize 2Gi --stack shrunk",
    );
    expect(pulumiCalls(run).map((c) => c.argv[0])).not.toContain('up');
  });

  it('when the database is protected, then destroy lists what it kept and the command that removes it', async () => {
    deployedDatabase('kept', '  todo:postgresStorageSize: 2Gi\n');
    const run = await wrapper('destroy', ['--stack', 'kept', '--yes'], { FAKE_MINIKUBE_STATE: 'Stopped', DOCKER_HOST: undefined });
    expect(run.code).toBe(0);
    expect(run.output).toContain(
      [
        '  Namespace todo-app',
        '  Secret todo-app/postgres-credentials',
        '  PersistentVolumeClaim todo-app/data-postgres-0',
        'To delete them too (this deletes the database; back it up first with pg_dump): kubectl --context minikube delete namespace todo-app',
      ].join('\n'),
    );
  });
});
