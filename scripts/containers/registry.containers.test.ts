import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { builtImage } from '../../infra/components/app-image-plan';
import { dockerConfigJson, registryAuthKey } from '../../infra/images/registry';
import { dockerBin, dockerOk, run } from './docker';

/**
 * A registry stack's credentials against a real registry (Debian's docker-registry 2.8 with htpasswd
 * auth, started by .ci/registry.sh): the `.dockerconfigjson` the pull secret holds (the same
 * `dockerConfigJson` infra/components/pull-secret.ts writes) authenticates with the registry, and a
 * Docker client whose only configuration is that JSON pushes and pulls the reference the program
 * gives a registry image (`builtImage`: `<registryServer>/todo/<app>:<tag>`). The kubelet reads the
 * same `auths` map as the Docker client. What is not run here: the push by `@pulumi/docker` itself
 * (no docker provider can be had on these machines) and a kubelet's pull (kwok runs no container).
 */

jest.setTimeout(180_000);

const address = process.env.REGISTRY_TEST_ADDRESS;
const username = process.env.REGISTRY_TEST_USERNAME ?? '';
const passwordFile = process.env.REGISTRY_TEST_PASSWORD_FILE;
const run_ = randomBytes(4).toString('hex');
// registryServer with a namespace, as ghcr.io/my-org would be.
const server = `${address ?? 'localhost:5000'}/todo-ci-${run_}`;
let password = '';
let context: string;
let configDir: string;

/** GET /v2/<path> on the registry with the pull secret's `auth` (or none); the status code. */
async function registryGet(urlPath: string, auth?: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`http://${address}/v2/${urlPath}`, { headers: auth ? { authorization: `Basic ${auth}` } : {} });
  return { status: response.status, body: await response.text() };
}

/** The `auth` the pull secret carries for the registry host. */
function secretAuth(json: string): string {
  const auths = (JSON.parse(json) as { auths: Record<string, { auth: string }> }).auths;
  return (auths[registryAuthKey(server)] as { auth: string }).auth;
}

beforeAll(async () => {
  if (!address || !passwordFile) {
    throw new Error('No test registry: run eval "$(bash .ci/registry.sh)" first (it installs and starts one on localhost:5000).');
  }
  password = fs.readFileSync(passwordFile, 'utf8').trim();
  context = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-image-'));
  // The smallest image there is: no layer to pull from anywhere, one label that makes it this run's.
  fs.writeFileSync(path.join(context, 'Dockerfile'), `FROM scratch\nLABEL todo.test=registry-${run_}\nCOPY marker /marker\n`);
  fs.writeFileSync(path.join(context, 'marker'), run_);
  // A Docker client configured with nothing but the pull secret's JSON.
  configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-docker-config-'));
  fs.writeFileSync(path.join(configDir, 'config.json'), dockerConfigJson(server, username, password));
});

afterAll(() => {
  fs.rmSync(context, { recursive: true, force: true });
  fs.rmSync(configDir, { recursive: true, force: true });
});

const withSecret = (args: string[]) => run(dockerBin, ['--config', configDir, ...args], 120_000);

describe('the pull secret against a real registry', () => {
  it("when the secret's auth is sent, then the registry accepts it; without it, or with another password, it answers 401", async () => {
    const auth = secretAuth(dockerConfigJson(server, username, password));
    const wrong = secretAuth(dockerConfigJson(server, username, `${password}x`));
    const statuses = [(await registryGet('', auth)).status, (await registryGet('')).status, (await registryGet('', wrong)).status];
    expect(statuses).toEqual([200, 401, 401]);
  });

  it('when a Docker client has only the secret as its config, then it pushes the reference the program gives a registry image, and pulls it back', async () => {
    const { imageRef } = builtImage({ repository: 'todo/backend', registry: { server, username, password } }, `${run_}0000`);
    expect(imageRef).toBe(`${server}/todo/backend:${run_}0000`);
    await dockerOk(['build', '-q', '-t', imageRef, context]);
    const pushed = await withSecret(['push', imageRef]);
    expect({ code: pushed.code, stderr: pushed.stderr }).toEqual({ code: 0, stderr: '' });

    const tags = await registryGet(`todo-ci-${run_}/todo/backend/tags/list`, secretAuth(dockerConfigJson(server, username, password)));
    expect(JSON.parse(tags.body)).toEqual({ name: `todo-ci-${run_}/todo/backend`, tags: [`${run_}0000`] });

    await dockerOk(['rmi', imageRef]);
    const pulled = await withSecret(['pull', '-q', imageRef]);
    expect({ code: pulled.code, stdout: pulled.stdout.trim() }).toEqual({ code: 0, stdout: imageRef });
    await dockerOk(['rmi', imageRef]);
  });

  it('when the client has no credentials, then the registry refuses the pull', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-no-config-'));
    try {
      const { imageRef } = builtImage({ repository: 'todo/backend', registry: { server, username, password } }, `${run_}0000`);
      const pulled = await run(dockerBin, ['--config', empty, 'pull', '-q', imageRef], 120_000);
      expect(pulled.code).not.toBe(0);
      expect(pulled.stderr).toMatch(/no basic auth credentials|unauthorized/);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
