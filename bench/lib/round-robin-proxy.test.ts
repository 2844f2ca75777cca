import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startRoundRobinProxy, type RoundRobinProxy } from './round-robin-proxy';

/** An upstream that names itself in every answer and whose readiness the test flips. */
async function upstream(name: string) {
  const state = { ready: true };
  const server: Server = createServer((req, res) => {
    if (req.url === '/health/ready') res.writeHead(state.ready ? 200 : 503).end();
    else res.writeHead(200, { 'content-type': 'text/plain' }).end(name);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, state, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const waitFor = async (condition: () => boolean, timeoutMs = 2_000) => {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

const get = async (proxy: RoundRobinProxy) => {
  const response = await fetch(`${proxy.url}/api/v1/tasks`);
  return `${response.status} ${await response.text()}`;
};

describe('startRoundRobinProxy', () => {
  it('when both upstreams are ready, then requests alternate between them', async () => {
    const a = await upstream('a');
    const b = await upstream('b');
    const proxy = await startRoundRobinProxy({ upstreams: [a.url, b.url], probePeriodMs: 20 });
    try {
      await waitFor(() => proxy.ready().length === 2);
      const answers = [await get(proxy), await get(proxy), await get(proxy), await get(proxy)];
      expect(answers.sort()).toEqual(['200 a', '200 a', '200 b', '200 b']);
    } finally {
      await proxy.close();
      await a.close();
      await b.close();
    }
  });

  it('when an upstream fails failureThreshold probes in a row, then it gets no more requests', async () => {
    const a = await upstream('a');
    const b = await upstream('b');
    const proxy = await startRoundRobinProxy({ upstreams: [a.url, b.url], probePeriodMs: 20 });
    try {
      await waitFor(() => proxy.ready().length === 2);
      a.state.ready = false;
      await waitFor(() => proxy.ready().length === 1);
      expect([await get(proxy), await get(proxy), await get(proxy)]).toEqual(['200 b', '200 b', '200 b']);
    } finally {
      await proxy.close();
      await a.close();
      await b.close();
    }
  });

  it('when no upstream is ready, then the proxy answers 503 itself and counts it', async () => {
    const a = await upstream('a');
    a.state.ready = false;
    const proxy = await startRoundRobinProxy({ upstreams: [a.url], probePeriodMs: 20, failureThreshold: 1 });
    try {
      expect(await get(proxy)).toBe('503 no ready upstream');
      expect(proxy.counts.noUpstream).toBe(1);
    } finally {
      await proxy.close();
      await a.close();
    }
  });
});
