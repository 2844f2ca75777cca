import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkBuildPlatform, dockerArch, probeDocker } from './docker';

function daemon(handler: http.RequestListener): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer(handler);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `tcp://127.0.0.1:${(server.address() as AddressInfo).port}` })),
  );
}

describe('probeDocker', () => {
  it('when a daemon answers /version on tcp, then it passes and gives its platform', async () => {
    const { server, url } = await daemon((req, res) =>
      res.writeHead(req.url === '/version' ? 200 : 404).end(JSON.stringify({ Os: 'linux', Arch: 'arm64' })),
    );
    try {
      expect(await probeDocker({ DOCKER_HOST: url })).toEqual({
        check: { name: 'Docker daemon reachable', ok: true, detail: `${url} answered (linux/arm64)` },
        platform: 'linux/arm64',
      });
    } finally {
      server.close();
    }
  });

  it('when a daemon answers on a unix socket, then it passes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docker-sock-'));
    const socket = path.join(dir, 'docker.sock');
    const server = http.createServer((_req, res) => res.writeHead(200).end('{"Os":"linux","Arch":"amd64"}'));
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      expect((await probeDocker({ DOCKER_HOST: `unix://${socket}` })).platform).toBe('linux/amd64');
    } finally {
      server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when nothing listens, then it fails and says what to start', async () => {
    const { server, url } = await daemon(() => undefined);
    await new Promise((resolve) => server.close(resolve));
    const { check } = await probeDocker({ DOCKER_HOST: url });
    expect(check.ok).toBe(false);
    expect(check.detail).toContain('ECONNREFUSED');
    expect(check.detail).toContain('minikube start');
  });
});

describe('checkBuildPlatform', () => {
  it.each([
    ['linux/amd64', 'x64', undefined, true],
    ['linux/arm64', 'arm64', undefined, true],
    ['linux/arm64', 'x64', undefined, false],
    ['linux/arm64', 'x64', 'linux/arm64', true],
    [undefined, 'x64', undefined, true],
  ])('when the node is %s, this machine %s and imagePlatform %s, then ok is %s', (node, host, configured, ok) => {
    expect(checkBuildPlatform(node, host, configured, 'dev').ok).toBe(ok);
  });

  it('when they differ, then the fix is the imagePlatform command for the stack', () => {
    expect(checkBuildPlatform('linux/arm64', 'x64', undefined, 'dev').detail).toBe(
      "the images would be built for linux/amd64 but Minikube's node is linux/arm64: npx pulumi config set imagePlatform linux/arm64 --stack dev",
    );
    expect(dockerArch('x64')).toBe('amd64');
  });
});
