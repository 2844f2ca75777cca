import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { imageUrn, stackExport } from '../testing/state-export';
import { findLostImages } from './lost-images';

/**
 * The decisions and lines, against a stand-in daemon that answers `GET /images/<name>/json` as the
 * Engine API does (200 / 404 "No such image"). The same check against the real Docker engine is
 * scripts/containers/lost-images.containers.test.ts.
 */
let server: http.Server;
let host: string;
const held = new Set<string>();
let failWith: number | undefined;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const name = decodeURI(/^\/images\/(.+)\/json$/.exec(req.url ?? '')?.[1] ?? '');
    if (failWith) return void res.writeHead(failWith).end('{"message":"boom"}');
    if (held.has(name)) return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"Id":"sha256:1"}');
    res.writeHead(404, { 'content-type': 'application/json' }).end(`{"message":"No such image: ${name}"}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `tcp://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());
beforeEach(() => {
  held.clear();
  failWith = undefined;
});

const built = stackExport('dev', [
  { app: 'backend', imageName: 'todo/backend:abc123' },
  { app: 'frontend', imageName: 'todo/frontend:def456' },
]);

describe('findLostImages', () => {
  it("when Minikube's daemon lost the backend image and keeps the frontend's, then only the backend is replaced, with a line saying why", async () => {
    held.add('todo/frontend:def456');

    const found = await findLostImages(built, { DOCKER_HOST: host, MINIKUBE_ACTIVE_DOCKERD: 'minikube' });

    expect(found).toEqual({
      replace: [imageUrn('dev', 'backend')],
      lines: ["backend image todo/backend:abc123 is not in Minikube's Docker daemon (minikube delete?): rebuilding it"],
    });
  });

  it('when another daemon (no Minikube) has both, then nothing is replaced and nothing said', async () => {
    held.add('todo/backend:abc123').add('todo/frontend:def456');

    expect(await findLostImages(built, { DOCKER_HOST: host })).toEqual({ replace: [], lines: [] });
  });

  it('when that daemon lost both, then both are replaced and the daemon is named by its address', async () => {
    expect(await findLostImages(built, { DOCKER_HOST: host })).toEqual({
      replace: [imageUrn('dev', 'backend'), imageUrn('dev', 'frontend')],
      lines: [
        `backend image todo/backend:abc123 is not in the Docker daemon at ${host}: rebuilding it`,
        `frontend image todo/frontend:def456 is not in the Docker daemon at ${host}: rebuilding it`,
      ],
    });
  });

  it('when the daemon answers neither 200 nor 404, then nothing is replaced and the line gives the command to do it by hand', async () => {
    failWith = 500;

    const found = await findLostImages(stackExport('dev', [{ app: 'backend', imageName: 'todo/backend:abc123' }]), { DOCKER_HOST: host });

    expect(found).toEqual({
      replace: [],
      lines: [
        `Could not check backend image todo/backend:abc123 (${host} answered 500 to /images/todo/backend:abc123/json); not rebuilt. ` +
          `If its pods sit in ErrImageNeverPull: npm run deploy -- --yes --replace '${imageUrn('dev', 'backend')}'`,
      ],
    });
  });

  it('when the images were pushed to a registry, then no daemon is asked and the line says why', async () => {
    failWith = 500; // asking the daemon would show as a "Could not check" line
    const exported = stackExport('prod', [
      { app: 'backend', imageName: 'registry.example.com/todo/backend:abc123', registry: 'registry.example.com' },
    ]);

    expect(await findLostImages(exported, { DOCKER_HOST: host })).toEqual({
      replace: [],
      lines: [
        'Images pushed to registry.example.com are not checked: a registry keeps them when the cluster goes. ' +
          `If one was deleted there, rebuild it: npm run deploy -- --yes --replace '${imageUrn('prod', 'backend')}'`,
      ],
    });
  });

  it('when the stack was never deployed, then there is nothing to check', async () => {
    expect(await findLostImages('{"version": 3, "deployment": null}', { DOCKER_HOST: host })).toEqual({ replace: [], lines: [] });
  });
});
