/** @jest-environment node */
import { ApiError } from './api-error';
import { streamChat } from './chat-stream';
import { requestJson } from './client';
import { fetchOk, readJson } from './fetch-ok';

const unreachable = (async () => {
  throw new TypeError('fetch failed');
}) as unknown as typeof fetch;

const answering = (response: Response) => {
  const requests: Array<{ url: string; init: RequestInit }> = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    requests.push({ url, init });
    return response;
  }) as unknown as typeof fetch;
  return { requests, fetchImpl };
};

describe('fetchOk', () => {
  it('when the request succeeds, then the response comes back unread and the request is never cached', async () => {
    const backend = answering(Response.json({ ok: true }));

    const response = await fetchOk({ baseUrl: '/api/v1', fetchImpl: backend.fetchImpl }, '/tasks', { method: 'GET' });

    expect(backend.requests).toEqual([{ url: '/api/v1/tasks', init: { method: 'GET', cache: 'no-store' } }]);
    expect(response.bodyUsed).toBe(false);
    await expect(readJson(response)).resolves.toEqual({ ok: true });
  });

  it('when the server cannot be reached, then a 503 says so', async () => {
    const error = await fetchOk({ baseUrl: '/api/v1', fetchImpl: unreachable }, '/tasks', {}).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 503,
      code: 'service_unavailable',
      message: 'The server could not be reached. Check your connection and try again.',
    });
  });

  it('when the request was aborted, then the abort is rethrown as is', async () => {
    const controller = new AbortController();
    const aborted = new DOMException('aborted', 'AbortError');
    controller.abort();
    const fetchImpl = (async () => {
      throw aborted;
    }) as unknown as typeof fetch;

    await expect(fetchOk({ baseUrl: '/api/v1', fetchImpl }, '/chat', { signal: controller.signal })).rejects.toBe(aborted);
  });

  it.each([
    [
      'the error shape',
      Response.json({ error: { code: 'not_found', message: 'Task x not found' } }, { status: 404 }),
      { status: 404, code: 'not_found', message: 'Task x not found' },
    ],
    [
      'not JSON',
      new Response('<html>Bad gateway</html>', { status: 502 }),
      { status: 502, code: 'internal', message: 'Unexpected response (HTTP 502)' },
    ],
    ['empty', new Response(null, { status: 401 }), { status: 401, code: 'unauthorized' }],
  ])('when a non-2xx body is %s, then its ApiError is thrown', async (_case, response, expected) => {
    const error = await fetchOk({ baseUrl: '/api/v1', fetchImpl: answering(response).fetchImpl }, '/tasks', {}).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject(expected);
  });

  it('when the server cannot be reached, then a JSON call and the chat stream fail with the same error', async () => {
    const options = { baseUrl: '/api/v1', fetchImpl: unreachable };

    const fromJson = await requestJson(options, 'GET', '/tasks', null).catch((caught: unknown) => caught);
    const fromStream = await streamChat(options, { message: 'hi' }, () => undefined).catch((caught: unknown) => caught);

    expect(fromJson).toEqual(fromStream);
    expect(fromStream).toMatchObject({ status: 503, code: 'service_unavailable' });
  });
});
