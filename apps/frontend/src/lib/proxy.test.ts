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

describe('isCrossOrigin', () => {
  it('when the origin matches the host, or the method is safe, then it is allowed', () => {
    const same = new Request('http://localhost:3000/x', { method: 'PATCH', headers: { origin: 'http://localhost:3000', host: 'localhost:3000' } });
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
