/** @jest-environment node */
import type { ChatStreamEvent } from '@todo/contracts';
import { ApiError } from './api-error';
import { streamChat } from './chat-stream';

const conversationId = 'c0000000-0000-4000-8000-000000000001';

function answering(response: Response) {
  const requests: Array<{ url: string; init: RequestInit }> = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    requests.push({ url, init });
    return response;
  }) as unknown as typeof fetch;
  return { requests, fetchImpl };
}

/** A body that delivers `pieces` as separate chunks, cutting events anywhere. */
function chunked(pieces: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces) controller.enqueue(encoder.encode(piece));
      controller.close();
    },
  });
}

describe('streamChat', () => {
  it('when the events arrive cut across chunks with heartbeats between, then each is parsed whole, in order', async () => {
    const body = chunked([
      `event: start\ndata: {"conversationId":"${conversationId}"}\n\n: heartbeat\n\nevent: del`,
      'ta\ndata: {"text":"Hel"}\n\nevent: delta\ndata: {"text":"lo"}\n',
      `\nevent: done\ndata: {"conversationId":"${conversationId}","reply":"Hello","toolCalls":[]}\n\n`,
    ]);
    const backend = answering(new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }));
    const events: ChatStreamEvent[] = [];

    await streamChat({ baseUrl: '/api/v1', fetchImpl: backend.fetchImpl }, { message: 'hi' }, (event) => events.push(event));

    expect(backend.requests[0]!.url).toBe('/api/v1/chat');
    expect(new Headers(backend.requests[0]!.init.headers).get('accept')).toBe('text/event-stream');
    expect(backend.requests[0]!.init.body).toBe('{"message":"hi"}');
    expect(events).toEqual([
      { event: 'start', data: { conversationId } },
      { event: 'delta', data: { text: 'Hel' } },
      { event: 'delta', data: { text: 'lo' } },
      { event: 'done', data: { conversationId, reply: 'Hello', toolCalls: [] } },
    ]);
  });

  it('when the request fails before the stream starts, then the ApiError of the JSON body is thrown', async () => {
    const backend = answering(
      Response.json({ error: { code: 'rate_limited', message: 'Too many messages; try again in 20 s' } }, { status: 429 }),
    );

    const error = await streamChat({ baseUrl: '/api/v1', fetchImpl: backend.fetchImpl }, { message: 'hi' }, () => undefined).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', message: 'Too many messages; try again in 20 s' });
  });

  it('when the connection breaks mid-stream, then a clear 503 says the connection was lost', async () => {
    let sent = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) controller.error(new TypeError('terminated'));
        else controller.enqueue(new TextEncoder().encode(`event: start\ndata: {"conversationId":"${conversationId}"}\n\n`));
        sent = true;
      },
    });
    const backend = answering(new Response(body, { status: 200 }));
    const events: ChatStreamEvent[] = [];

    const error = await streamChat({ baseUrl: '/api/v1', fetchImpl: backend.fetchImpl }, { message: 'hi' }, (event) =>
      events.push(event),
    ).catch((caught: unknown) => caught);

    expect(events.map((event) => event.event)).toEqual(['start']);
    expect(error).toMatchObject({
      status: 503,
      code: 'service_unavailable',
      message: expect.stringContaining('connection to the assistant was lost'),
    });
  });
});
