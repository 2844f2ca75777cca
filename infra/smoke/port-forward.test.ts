import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { smokeMain } from './cli';
import { startPortForward } from './port-forward';
import type { Reach } from './reach';
import type { SmokeStep } from './steps';
import type { EnvRunner } from './target';

/** The fake kubectl (infra/testing/fakes/kubectl) first on PATH, forwarding to `forwardTo`. */
const fakes = path.join(__dirname, '..', 'testing', 'fakes');
const withFakeKubectl = (forwardTo: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  PATH: `${fakes}${path.delimiter}${process.env.PATH}`,
  FAKE_KUBECTL_FORWARD_TO: forwardTo,
  ...extra,
});

const reach: Extract<Reach, { kind: 'port-forward' }> = {
  kind: 'port-forward',
  context: 'minikube',
  namespace: 'todo-app',
  service: 'frontend',
  port: 3000,
};

/** The frontend Service's stand-in: answers every request with its path. */
let service: http.Server;
let serviceAddress: string;
beforeAll(async () => {
  service = http.createServer((req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(`frontend ${req.url}`));
  await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
  serviceAddress = `127.0.0.1:${(service.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => service.close(resolve)));

describe('startPortForward', () => {
  it('when kubectl forwards, then its loopback URL reaches the Service until stop()', async () => {
    const forward = await startPortForward(reach, withFakeKubectl(serviceAddress));

    expect(forward.url.hostname).toBe('127.0.0.1');
    const answer = await fetch(new URL('/api/health', forward.url));
    expect(await answer.text()).toBe('frontend /api/health');

    await forward.stop();
    await expect(fetch(new URL('/api/health', forward.url))).rejects.toThrow('fetch failed');
  });

  it('when the Service does not exist, then the error quotes kubectl and names the other way in', async () => {
    await expect(startPortForward(reach, withFakeKubectl(serviceAddress, { FAKE_KUBECTL_NO_SERVICE: '1' }))).rejects.toThrow(
      'kubectl port-forward to service/frontend in todo-app exited (exit 1): Error from server (NotFound): services "frontend" not found; ' +
        'or pass --url with what minikube service frontend -n todo-app --url prints (it keeps a tunnel open while it runs)',
    );
  });

  it('when kubectl is not installed, then the error says to install it', async () => {
    await expect(startPortForward(reach, { PATH: '/nonexistent' })).rejects.toThrow(
      "kubectl port-forward to service/frontend in todo-app could not start (spawn kubectl ENOENT): install kubectl (https://kubernetes.io/docs/tasks/tools/) or put minikube's on PATH; " +
        'or pass --url with what minikube service frontend -n todo-app --url prints (it keeps a tunnel open while it runs)',
    );
  });
});

describe('smokeMain through a port-forward', () => {
  it('when the docker driver runs on macOS, then the steps knock on the forwarded URL, probe no backend address and the forward stops after', async () => {
    const profileList = JSON.stringify({
      invalid: [],
      valid: [
        {
          Name: 'minikube',
          Status: 'OK',
          Config: { Driver: 'docker', KubernetesConfig: { ContainerRuntime: 'docker' }, Nodes: [{ IP: '192.168.49.2' }] },
          Active: true,
        },
      ],
    });
    const run: EnvRunner = (command, args) =>
      command === 'minikube'
        ? { status: args[0] === 'profile' ? 0 : 1, stdout: args[0] === 'profile' ? profileList : '', stderr: '' }
        : {
            status: 0,
            stdout: JSON.stringify({
              frontendUrl: 'http://localhost:30080',
              frontendUrlCommand: 'minikube service frontend -n todo-app --url',
              namespace: 'todo-app',
            }),
            stderr: '',
          };
    const seen: Array<{ answer: string; probes: readonly string[] }> = [];
    const health: SmokeStep = {
      name: 'frontend health',
      run: async (ctx) => {
        const answer = await (await fetch(`${ctx.frontDoor.baseUrl}/api/health`)).text();
        seen.push({ answer, probes: ctx.backendProbes });
        return answer;
      },
    };
    let stopped = false;
    const lines: string[] = [];

    const code = await smokeMain(['--wait', '0'], withFakeKubectl(serviceAddress), {
      root: '/repo',
      run,
      platform: 'darwin',
      steps: [health],
      print: (line) => lines.push(line),
      portForward: async (target, env) => {
        const forward = await startPortForward(target, env);
        return { url: forward.url, stop: async () => ((stopped = true), forward.stop()) };
      },
    });

    expect(code).toBe(0);
    expect(seen).toEqual([{ answer: 'frontend /api/health', probes: [] }]);
    expect(lines[0]).toMatch(
      /^smoke test of http:\/\/127\.0\.0\.1:\d+ \(stack dev output frontendUrl, through kubectl port-forward: the docker driver on darwin gives no route to the node's IP\)$/,
    );
    expect(stopped).toBe(true);
  });
});
