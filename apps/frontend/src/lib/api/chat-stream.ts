import { parseChatStreamEvent, routePath, routes, type ChatRequest, type ChatStreamEvent } from '@todo/contracts';
import { createParser } from 'eventsource-parser';
import { ApiError, apiErrorFromBody } from './api-error';
import type { ApiClientOptions } from './client';

const connectionLost = () =>
  new ApiError(503, 'service_unavailable', 'The connection to the assistant was lost. Check what it did, then try again.');

/**
 * Sends a message to the assistant and hands over each event of the turn as it arrives (the
 * contract's `chatStreamEventSchemas`: start, delta, tool_call, then done or error). A failure
 * before the stream starts (422, 429, 503 not configured, ...) is thrown as the ApiError of its
 * JSON body. Aborting `signal` (Stop, leaving the page) closes the connection; the backend then
 * stops the turn. Resolves when the stream ends.
 */
export async function streamChat(
  options: ApiClientOptions,
  input: ChatRequest,
  onEvent: (event: ChatStreamEvent) => void,
  signal?: AbortSignal,
): Promise<void> {
  const fetchImpl = options.fetchImpl ?? ((url: RequestInfo | URL, init?: RequestInit) => fetch(url, init));
  let response: Response;
  try {
    response = await fetchImpl(`${options.baseUrl}${routePath(routes.chat)}`, {
      method: 'POST',
      headers: { accept: 'text/event-stream', 'content-type': 'application/json' },
      body: JSON.stringify(input),
      cache: 'no-store',
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(503, 'service_unavailable', 'The server could not be reached. Check your connection and try again.');
  }
  if (!response.ok) {
    const text = await response.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    throw apiErrorFromBody(response.status, json);
  }
  if (!response.body) throw connectionLost();

  const parser = createParser({
    onEvent: (message) => {
      const event = parseChatStreamEvent(message.event ?? 'message', message.data);
      if (event) onEvent(event);
    },
  });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      parser.feed(value);
    }
  } catch (error) {
    if (signal?.aborted) throw error;
    throw connectionLost();
  }
}
