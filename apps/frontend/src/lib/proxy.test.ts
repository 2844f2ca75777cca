/** @jest-environment node */
import { backendTarget, forwardToBackend, isCrossOrigin } from './proxy';

type FetchArgs = [string, RequestInit];

function fakeBackend(response: Response) {
  const calls: FetchArgs[] = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    calls.push([url, init]);
    return response;
  }) as unknown as typeof fetch;
  return { calls, fetchImpl };
}

describe('forwardToBackend', () => {
  it('when a task is created, then the backend gets the path, query, body, bearer token and request id', async () => {
    const backend = fakeBackend(Response.json({ task: { id: 't1' } }, { status: 201, headers: { 'x-request-id': 'req-1' } }));
    const request = new Request('http://localhost:3000/api/v1/tasks?x=1', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-1', cookie: 'todo_session=secret' },
      body: JSON.stringify({ title: 'Buy milk' }),
    });

    const response = await forwardToBackend(request, {
      backendUrl: 'http://backend:8000',
      segments: ['tasks'],
      token: 'jwt',
      fetchImpl: backend.fetchImpl,
    });

    const [url, init] = backend.calls[0]!;
    const headers = new Headers(init.headers);
    expect(url).toBe('http://backend:8000/api/v1/tasks?x=1');
    expect(init.method).toBe('POST');
    expect(new TextDecoder().decode(init.body as ArrayBuffer)).toBe('{"title":"Buy milk"}');
    expect(headers.get('authorization')).toBe('Bearer jwt');
    expect(headers.get('x-request-id')).toBe('req-1');
    expect(headers.get('cookie')).toBeNull();
    expect(response.status).toBe(201);
    expect(response.headers.get('x-request-id')).toBe('req-1');
    expect(await response.json()).toEqual({ task: { id: 't1' } });
  });

  it('when the browser sends no request id, then one is generated and forwarded', async () => {
    const backend = fakeBackend(new Response(null, { status: 204 }));
    const response = await forwardToBackend(new Request('http://localhost/api/v1/tasks/t1', { method: 'DELETE' }), {
      backendUrl: 'http://backend:8000',
      segments: ['tasks', 't1'],
      fetchImpl: backend.fetchImpl,
    });
    const sent = new Headers(backend.calls[0]![1].headers).get('x-request-id');
    expect(sent).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('x-request-id')).toBe(sent);
    expect(response.status).toBe(204);
  });

  it.each([
    ['the address the edge vouched for', '203.0.113.7', '203.0.113.7'],
    ['an IPv6 address', '2001:db8::7', '2001:db8::7'],
    ['a list (not rewritten by the edge, e.g. next dev)', '198.51.100.1, 203.0.113.7', null],
    ['not an address', 'localhost', null],
  ])('when X-Forwarded-For holds %s, then the backend gets %p', async (_case, sent, forwarded) => {
    const backend = fakeBackend(new Response(null, { status: 204 }));

    await forwardToBackend(new Request('http://localhost/api/v1/auth/login', { method: 'POST', headers: { 'x-forwarded-for': sent } }), {
      backendUrl: 'http://backend:8000',
      segments: ['auth', 'login'],
      fetchImpl: backend.fetchImpl,
    });

    expect(new Headers(backend.calls[0]![1].headers).get('x-forwarded-for')).toBe(forwarded);
  });

  it('when the backend is unreachable, then the browser gets a 503 in the error shape', async () => {
    const fetchImpl = (async () => {
      throw new TypeError('fetch failed');
    }) as unknown as typeof fetch;
    const response = await forwardToBackend(new Request('http://localhost/api/v1/tasks'), {
      backendUrl: 'http://backend:8000',
      segments: ['tasks'],
      fetchImpl,
    });
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      error: { code: 'service_unavailable', message: 'The backend is unreachable. Try again in a moment.' },
    });
  });

  it('when another origin posts, then it is refused without calling the backend', async () => {
    const backend = fakeBackend(new Response(null, { status: 204 }));
    const request = new Request('http://localhost:3000/api/v1/tasks', {
      method: 'POST',
      headers: { origin: 'https://evil.example', host: 'localhost:3000' },
    });
    const response = await forwardToBackend(request, { backendUrl: 'http://b', segments: ['tasks'], fetchImpl: backend.fetchImpl });
    expect(response.status).toBe(403);
    expect(backend.calls).toHaveLength(0);
  });
});

describe('forwardToBackend with a streamed body', () => {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();

  /** A backend body whose chunks the test releases one by one; records whether it was cancelled. */
  function controlledBody() {
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const state = { cancelled: false };
    const stream = new ReadableStream<Uint8Array>({
      start: (c) => {
        controller = c;
      },
      cancel: () => {
        state.cancelled = true;
      },
    });
    return { stream, state, push: (text: string) => controller.enqueue(encoder.encode(text)), close: () => controller.close() };
  }

  function streamingBackend(body: ReadableStream<Uint8Array>) {
    const signals: AbortSignal[] = [];
    const fetchImpl = (async (_url: string, init: RequestInit) => {
      signals.push(init.signal!);
      return new Response(body, {
        status: 200,
        headers: { 'content-type': 'text/event-stream; charset=utf-8', 'x-accel-buffering': 'no', 'cache-control': 'no-cache' },
      });
    }) as unknown as typeof fetch;
    return { signals, fetchImpl };
  }

  const chatRequest = (signal?: AbortSignal) =>
    new Request('http://localhost:3000/api/v1/chat', {
      method: 'POST',
      headers: { accept: 'text/event-stream', 'content-type': 'application/json' },
      body: '{"message":"hi"}',
      ...(signal ? { signal } : {}),
    });

  it('when the backend streams events, then each chunk reaches the browser before the next one exists', async () => {
    const body = controlledBody();
    const backend = streamingBackend(body.stream);

    const response = await forwardToBackend(chatRequest(), { backendUrl: 'http://b', segments: ['chat'], fetchImpl: backend.fetchImpl });
    const reader = response.body!.getReader();
    body.push('event: start\ndata: {}\n\n');
    const first = await reader.read();
    body.push('event: delta\ndata: {"text":"Hi"}\n\n');
    body.close();
    const second = await reader.read();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    expect(response.headers.get('cache-control')).toBe('no-store, no-transform');
    expect(decoder.decode(first.value)).toBe('event: start\ndata: {}\n\n');
    expect(decoder.decode(second.value)).toBe('event: delta\ndata: {"text":"Hi"}\n\n');
    expect((await reader.read()).done).toBe(true);
  });

  it('when the body is large, then all of it passes through (no size limit)', async () => {
    const body = controlledBody();
    const backend = streamingBackend(body.stream);
    const chunk = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 160; i += 1) body.push(chunk);
    body.close();

    const response = await forwardToBackend(chatRequest(), { backendUrl: 'http://b', segments: ['chat'], fetchImpl: backend.fetchImpl });

    expect((await response.text()).length).toBe(160 * 64 * 1024);
  });

  it('when the browser goes away mid-stream, then the backend request is aborted and its body cancelled', async () => {
    const body = controlledBody();
    const backend = streamingBackend(body.stream);
    const response = await forwardToBackend(chatRequest(), { backendUrl: 'http://b', segments: ['chat'], fetchImpl: backend.fetchImpl });
    body.push('event: start\ndata: {}\n\n');
    const reader = response.body!.getReader();
    await reader.read();

    await reader.cancel('navigated away');

    expect(backend.signals[0]!.aborted).toBe(true);
    expect(body.state.cancelled).toBe(true);
  });

  it("when the browser's request is aborted (Stop), then the backend request is aborted too", async () => {
    const body = controlledBody();
    const backend = streamingBackend(body.stream);
    const browser = new AbortController();
    await forwardToBackend(chatRequest(browser.signal), { backendUrl: 'http://b', segments: ['chat'], fetchImpl: backend.fetchImpl });

    browser.abort();

    expect(backend.signals[0]!.aborted).toBe(true);
  });

  it('when the backend fails before the stream starts, then its JSON error reaches the browser unchanged', async () => {
    const backend = fakeBackend(
      Response.json({ error: { code: 'llm_unavailable', message: 'The assistant is not configured.' } }, { status: 503 }),
    );

    const response = await forwardToBackend(chatRequest(), { backendUrl: 'http://b', segments: ['chat'], fetchImpl: backend.fetchImpl });

    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: { code: 'llm_unavailable', message: 'The assistant is not configured.' } });
  });
});

describe('isCrossOrigin', () => {
  it('when the origin matches the host, or the method is safe, then it is allowed', () => {
    const same = new Request('http://localhost:3000/x', {
      method: 'PATCH',
      headers: { origin: 'http://localhost:3000', host: 'localhost:3000' },
    });
    const get = new Request('http://localhost:3000/x', { headers: { origin: 'https://evil.example', host: 'localhost:3000' } });
    expect(isCrossOrigin(same)).toBe(false);
    expect(isCrossOrigin(get)).toBe(false);
  });
});

describe('backendTarget', () => {
  it('when segments hold reserved characters, then each is encoded', () => {
    expect(backendTarget('http://b', ['conversations', 'a b', 'messages'], '')).toBe('http://b/api/v1/conversations/a%20b/messages');
  });

  it('when a segment is a dot segment, then there is no target', () => {
    expect(backendTarget('http://b', ['..', 'health'], '')).toBeNull();
  });
});
