import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny stand-in for a Kubernetes Service: round-robin over the upstreams whose readiness probe
 * last answered 200. Like kube-proxy it never retries a failed request, so every failure a client
 * sees is a failure of the upstreams' shutdown or readiness behaviour. Each proxied request opens a
 * fresh upstream connection, so a draining upstream is never handed a request on a stale socket.
 */
export interface RoundRobinProxy {
  readonly url: string;
  /** Adds an upstream; it takes traffic after its first successful probe, like a new pod. */
  add(upstream: string): void;
  /** Forgets an upstream (the pod object is gone). */
  remove(upstream: string): void;
  /** Upstreams currently taking traffic. */
  ready(): string[];
  /** How many requests each upstream received, and how many the proxy answered itself with 502/503. */
  readonly counts: { routed: Map<string, number>; noUpstream: number; upstreamErrors: number };
  close(): Promise<void>;
}

export interface ProxyOptions {
  upstreams: string[];
  readinessPath?: string;
  /** How often each upstream is probed (the drill's stand-in for `periodSeconds`). */
  probePeriodMs?: number;
  /** A probe slower than this fails (`timeoutSeconds`; the Deployment uses 3 s). */
  probeTimeoutMs?: number;
  /** Consecutive failed probes before an upstream stops taking traffic (`failureThreshold`, 3). */
  failureThreshold?: number;
}

export async function startRoundRobinProxy(options: ProxyOptions): Promise<RoundRobinProxy> {
  const readinessPath = options.readinessPath ?? '/health/ready';
  const probePeriodMs = options.probePeriodMs ?? 500;
  const probeTimeoutMs = options.probeTimeoutMs ?? 3_000;
  const failureThreshold = options.failureThreshold ?? 3;
  const isReady = new Map<string, boolean>();
  const failures = new Map<string, number>();
  const counts = { routed: new Map<string, number>(), noUpstream: 0, upstreamErrors: 0 };
  const upstreamAgent = new Agent({ keepAlive: false });
  let next = 0;

  const inFlight = new Set<string>();
  const probe = async (upstream: string) => {
    // One probe at a time per upstream, as the kubelet does: a slow answer delays the next probe.
    if (inFlight.has(upstream)) return;
    inFlight.add(upstream);
    let ok: boolean;
    try {
      const response = await fetch(upstream + readinessPath, { signal: AbortSignal.timeout(probeTimeoutMs) });
      await response.arrayBuffer();
      ok = response.status === 200;
    } catch {
      ok = false;
    }
    inFlight.delete(upstream);
    if (!isReady.has(upstream)) return;
    // Like the kubelet: one success makes an upstream ready, `failureThreshold` failures in a row unready.
    const failed = ok ? 0 : (failures.get(upstream) ?? 0) + 1;
    failures.set(upstream, failed);
    if (ok) isReady.set(upstream, true);
    else if (failed >= failureThreshold) isReady.set(upstream, false);
  };
  const probeAll = () => Promise.all([...isReady.keys()].map(probe));
  const prober = setInterval(() => void probeAll(), probePeriodMs);

  const ready = () => [...isReady].filter(([, ok]) => ok).map(([upstream]) => upstream);

  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const candidates = ready();
    if (candidates.length === 0) {
      counts.noUpstream += 1;
      res.writeHead(503, { 'content-type': 'text/plain' }).end('no ready upstream');
      return;
    }
    const upstream = candidates[next++ % candidates.length] as string;
    counts.routed.set(upstream, (counts.routed.get(upstream) ?? 0) + 1);
    const target = new URL(req.url ?? '/', upstream);
    const upstreamRequest = request(
      target,
      { method: req.method, headers: { ...req.headers, host: target.host }, agent: upstreamAgent },
      (upstreamResponse) => {
        // Connection and Keep-Alive are hop-by-hop (RFC 9110 §7.6.1): they describe the upstream hop.
        const { connection: _connection, 'keep-alive': _keepAlive, ...headers } = upstreamResponse.headers;
        res.writeHead(upstreamResponse.statusCode ?? 502, headers);
        upstreamResponse.pipe(res);
      },
    );
    upstreamRequest.on('error', (error) => {
      counts.upstreamErrors += 1;
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end(`upstream error: ${error.message}`);
      else res.destroy(error);
    });
    req.pipe(upstreamRequest);
  };

  const server = createServer(forward);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const proxy: RoundRobinProxy = {
    url: `http://127.0.0.1:${port}`,
    add(upstream) {
      isReady.set(upstream, false);
      void probe(upstream);
    },
    remove(upstream) {
      isReady.delete(upstream);
      failures.delete(upstream);
    },
    ready,
    counts,
    async close() {
      clearInterval(prober);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      upstreamAgent.destroy();
    },
  };
  for (const upstream of options.upstreams) proxy.add(upstream);
  return proxy;
}
