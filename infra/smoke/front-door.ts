/**
 * The smoke test's only way in: HTTP to the release's front door (the frontend's public URL), with a
 * cookie jar so the session the BFF sets at sign-up is sent back like a browser would.
 */

export interface FrontDoorResponse {
  status: number;
  /** Parsed JSON, or undefined when the body is empty or not JSON. */
  body: unknown;
  text: string;
}

export interface FrontDoor {
  readonly baseUrl: string;
  request(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<FrontDoorResponse>;
  /** Names of the cookies the front door has set so far. */
  cookieNames(): string[];
}

/** `name=value` of one `Set-Cookie` header; undefined when it deletes the cookie (Max-Age=0 or an expired date). */
export function parseSetCookie(header: string, nowMs: number = Date.now()): { name: string; value?: string } | undefined {
  const [pair, ...attributes] = header.split(';');
  const eq = pair?.indexOf('=') ?? -1;
  if (!pair || eq <= 0) return undefined;
  const name = pair.slice(0, eq).trim();
  const value = pair.slice(eq + 1).trim();
  const deleted = attributes.some((attribute) => {
    const [key = '', val = ''] = attribute.split('=').map((part) => part.trim());
    if (key.toLowerCase() === 'max-age') return Number(val) <= 0;
    if (key.toLowerCase() === 'expires') return Date.parse(val) <= nowMs;
    return false;
  });
  return { name, value: deleted || value === '' ? undefined : value };
}

export function createFrontDoor(baseUrl: string, timeoutMs: number): FrontDoor {
  const root = baseUrl.replace(/\/+$/, '');
  const cookies = new Map<string, string>();
  return {
    baseUrl: root,
    cookieNames: () => [...cookies.keys()],
    async request(method, path, body) {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (cookies.size > 0) headers.cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
      const response = await fetch(`${root}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      for (const header of response.headers.getSetCookie()) {
        const cookie = parseSetCookie(header);
        if (!cookie) continue;
        if (cookie.value === undefined) cookies.delete(cookie.name);
        else cookies.set(cookie.name, cookie.value);
      }
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      return { status: response.status, body: parsed, text };
    },
  };
}

/** `503 service_unavailable: The backend is unreachable.` from an API error body, or the start of the text. */
export function describeResponse(response: FrontDoorResponse): string {
  const error = (response.body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  if (error && typeof error.code === 'string') {
    return `${response.status} ${error.code}${typeof error.message === 'string' ? `: ${error.message}` : ''}`;
  }
  const snippet = response.text.replace(/\s+/g, ' ').trim().slice(0, 120);
  return snippet ? `${response.status} ${snippet}` : String(response.status);
}
