import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { findLostImages, imagePresence } from '../../infra/deploy/lost-images';
import { runPulumi } from '../../infra/deploy/run';
import { deploymentWithImages, imageUrn, stackExport } from '../../infra/testing/state-export';
import { docker, dockerOk } from './docker';
import { repoRoot } from './workload';

/**
 * The lost-image check (infra/deploy/lost-images.ts) against the real Docker engine: images are
 * tagged, asked for, removed with `docker rmi` (what `minikube image rm` does inside Minikube's
 * daemon) and asked for again; then the whole `npm run deploy` wrapper runs against the same
 * engine, with the fake pulumi CLI holding a state that names them, and the test reads the argv
 * that reached `pulumi up`. No cluster: kwok's pods never pull an image, so a ready pod would
 * prove nothing; the plan (the `--replace` flags) and the engine's answers are what is asserted.
 */

jest.setTimeout(120_000);

const engineHost = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
const run = randomBytes(4).toString('hex');
// Names as the program tags them (`todo/<app>:<12 hex>`), under a repository of the suite's own.
const tags = { backend: `todo-lost-${run}/backend:${run}0000`, frontend: `todo-lost-${run}/frontend:${run}0000` };
// A name with a registry host and port: the `:` of the port stays in the API path.
const registryStyle = `localhost:5000/todo-lost-${run}/backend:${run}0000`;
let context: string;

beforeAll(async () => {
  const info = await docker(['info', '--format', '{{.ServerVersion}}']);
  if (info.code !== 0) throw new Error('No Docker engine answers: run `bash .ci/docker.sh` first (it installs and starts one).');
  // The smallest image there is: no layer, one label. Nothing to pull, nothing to run.
  context = fs.mkdtempSync(path.join(os.tmpdir(), 'lost-images-'));
  fs.writeFileSync(path.join(context, 'Dockerfile'), `FROM scratch\nLABEL todo.test=lost-images-${run}\n`);
  await dockerOk(['build', '-q', '-t', tags.backend, '-t', tags.frontend, '-t', registryStyle, context], 120_000);
});

afterAll(async () => {
  for (const tag of [...Object.values(tags), registryStyle]) await docker(['rmi', tag]);
  fs.rmSync(context, { recursive: true, force: true });
});

describe('imagePresence on the real engine', () => {
  it('when an image is tagged, then the engine has it; after docker rmi, it does not', async () => {
    const env = { DOCKER_HOST: engineHost };
    const extra = `todo-lost-${run}/extra:${run}0000`;
    await dockerOk(['tag', tags.backend, extra]);
    expect(await imagePresence(env, extra)).toEqual({ found: true });

    await dockerOk(['rmi', extra]);

    expect(await imagePresence(env, extra)).toEqual({ found: false });
  });

  it('when the name carries a registry host and port, then it is found under that name', async () => {
    expect(await imagePresence({ DOCKER_HOST: engineHost }, registryStyle)).toEqual({ found: true });
  });
});

describe('findLostImages on the real engine', () => {
  it('when the engine holds both images of the state, then nothing is replaced; when the backend is removed, then only it is', async () => {
    const exported = stackExport('dev', [
      { app: 'backend', imageName: tags.backend },
      { app: 'frontend', imageName: tags.frontend },
    ]);
    const env = { DOCKER_HOST: engineHost, MINIKUBE_ACTIVE_DOCKERD: 'minikube' };
    expect(await findLostImages(exported, env)).toEqual({ replace: [], lines: [] });

    await dockerOk(['rmi', tags.backend]);
    try {
      expect(await findLostImages(exported, env)).toEqual({
        replace: [imageUrn('dev', 'backend')],
        lines: [`backend image ${tags.backend} is not in Minikube's Docker daemon (minikube delete?): rebuilding it`],
      });
    } finally {
      await dockerOk(['tag', tags.frontend, tags.backend]); // the same image: both tags were built together
    }
  });
});

/**
 * The engine listens on a unix socket; `minikube docker-env` gives a tcp DOCKER_HOST and the fake
 * pulumi pings it over tcp, so a loopback port is piped to the socket: every byte the wrapper and
 * the fake send reaches the real engine unchanged.
 */
async function tcpToEngine(): Promise<{ server: net.Server; host: string }> {
  const socketPath = engineHost.replace(/^unix:\/\//, '');
  const server = net.createServer((client) => {
    const engine = net.connect(socketPath);
    client.pipe(engine).pipe(client);
    const close = () => (client.destroy(), engine.destroy());
    client.on('error', close);
    engine.on('error', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, host: `tcp://127.0.0.1:${(server.address() as net.AddressInfo).port}` };
}

describe('npm run deploy against the real engine (fake pulumi and minikube)', () => {
  let root: string;
  let pipe: { server: net.Server; host: string };

  beforeAll(async () => {
    if (!engineHost.startsWith('unix://')) throw new Error(`this test pipes tcp to the engine's unix socket; DOCKER_HOST=${engineHost}`);
    pipe = await tcpToEngine();
    // A project root with what the wrapper and the fake CLI read: the project, the dev stack file, the policy pack.
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lost-images-root-'));
    for (const file of ['Pulumi.yaml', 'Pulumi.dev.yaml']) fs.copyFileSync(path.join(repoRoot, file), path.join(root, file));
    fs.cpSync(path.join(repoRoot, 'infra', 'policy'), path.join(root, 'infra', 'policy'), { recursive: true });
  });

  afterAll(() => {
    pipe.server.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  /** The state the DIY backend would hold after a deploy that built both images. */
  function deployedState(): void {
    const dir = path.join(root, '.pulumi', '.pulumi', 'stacks', 'todo');
    fs.mkdirSync(dir, { recursive: true });
    const latest = deploymentWithImages('dev', [
      { app: 'backend', imageName: tags.backend },
      { app: 'frontend', imageName: tags.frontend },
    ]);
    fs.writeFileSync(path.join(dir, 'dev.json'), JSON.stringify({ version: 3, checkpoint: { stack: 'dev', latest } }));
  }

  /** The URNs given as `--replace <urn>` in an argv. */
  const replaced = (argv: string[] | undefined) => (argv ?? []).filter((_, i) => argv?.[i - 1] === '--replace');

  async function deploy(): Promise<{ code: number; output: string; upArgv: string[] | undefined }> {
    const record = path.join(root, `calls-${Date.now()}.jsonl`);
    const fakes = path.join(repoRoot, 'infra', 'testing', 'fakes');
    const env: NodeJS.ProcessEnv = {
      PATH: `${fakes}${path.delimiter}${process.env.PATH}`,
      HOME: process.env.HOME,
      PULUMI_BIN: path.join(fakes, 'pulumi'),
      PULUMI_CONFIG_PASSPHRASE: 'lost images',
      PULUMI_BACKEND_URL: `file://${path.join(root, '.pulumi')}`,
      FAKE_RECORD: record,
      FAKE_MINIKUBE_DOCKER_HOST: pipe.host,
    };
    const lines: string[] = [];
    const capture = (...values: unknown[]) => void lines.push(values.map(String).join(' '));
    const log = jest.spyOn(console, 'log').mockImplementation(capture);
    const error = jest.spyOn(console, 'error').mockImplementation(capture);
    try {
      const code = await runPulumi('up', ['--yes', '--no-smoke'], { root, env, interactive: false });
      const calls = fs
        .readFileSync(record, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { tool: string; argv: string[] });
      const up = calls.find((c) => c.tool === 'pulumi' && c.argv[0] === 'up');
      return { code, output: lines.join('\n'), upArgv: up?.argv };
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  }

  it('when the engine holds both images, then up runs without --replace; after docker rmi of the frontend, then up replaces it alone', async () => {
    fs.mkdirSync(path.join(root, '.pulumi'), { recursive: true });
    const first = await deploy(); // creates the stack and its secrets; its state has no image yet
    expect([first.code, first.upArgv?.[0], replaced(first.upArgv)]).toEqual([0, 'up', []]);
    deployedState();

    const present = await deploy();
    expect([present.code, present.upArgv?.[0], replaced(present.upArgv)]).toEqual([0, 'up', []]);
    expect(present.output).not.toContain('rebuilding');

    await dockerOk(['rmi', tags.frontend]);
    const lost = await deploy();

    expect([lost.code, lost.upArgv?.[0], replaced(lost.upArgv)]).toEqual([0, 'up', [imageUrn('dev', 'frontend')]]);
    expect(lost.output).toContain(`frontend image ${tags.frontend} is not in Minikube's Docker daemon (minikube delete?): rebuilding it`);
    expect(lost.output).not.toContain(`backend image ${tags.backend}`);
  });
});
