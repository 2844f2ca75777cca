import { request } from 'node:http';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface SendOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** The local address the request leaves from, so the server sees that peer (all of 127/8 is loopback). */
  localAddress?: string;
}

/**
 * One plain HTTP request and its whole answer, for tests that must see exactly what a server sends
 * (`fetch` would follow redirects, merge headers and normalise the path). The path goes out as
 * written, `..` segments included (a URL given to `http.request` would be normalised first), and a
 * body goes out with its length: Node frames no DELETE body by itself.
 */
export function send(url: string, options: SendOptions = {}): Promise<Answer> {
  const { hostname, port } = new URL(url);
  const path = url.slice(url.indexOf('/', url.indexOf('//') + 2)) || '/';
  const length = options.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(options.body)) };
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname,
        port,
        path,
        method: options.method ?? 'GET',
        headers: { ...options.headers, ...length },
        localAddress: options.localAddress,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
