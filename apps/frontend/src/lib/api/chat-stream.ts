import { parseChatStreamEvent, routePath, routes, type ChatRequest, type ChatStreamEvent } from '@todo/contracts';
import { createParser } from 'eventsource-parser';
import { ApiError } from './api-error';
import type { ApiClientOptions } from './client';
import { fetchOk } from './fetch-ok';

/** The stream ended or broke before the turn's done or error event: what ran is unknown to the page. */
export const connectionLost = () =>
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
  const response = await fetchOk(options, routePath(routes.chat), {
    method: 'POST',
    headers: { accept: 'text/event-stream', 'content-type': 'application/json' },
    body: JSON.stringify(input),
    ...(signal ? { signal } : {}),
  });
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
