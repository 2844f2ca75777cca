import { ApiError, apiErrorFromBody } from './api-error';
import type { ApiClientOptions } from './client';

/**
 * One request to the API (`options.baseUrl` + `path`, never cached) with the contract's error
 * handling, shared by the JSON calls (`requestJson`) and the chat stream (`streamChat`): a network
 * failure becomes a 503 saying the server could not be reached (an abort through `init.signal` is
 * rethrown as is), a non-2xx response the ApiError of its JSON body. Resolves with the 2xx response,
 * its body not read yet.
 */
export async function fetchOk(
  options: Pick<ApiClientOptions, 'baseUrl' | 'fetchImpl'>,
  path: string,
  init: RequestInit,
): Promise<Response> {
  const fetchImpl = options.fetchImpl ?? ((input: RequestInfo | URL, requestInit?: RequestInit) => fetch(input, requestInit));
  let response: Response;
  try {
    response = await fetchImpl(`${options.baseUrl}${path}`, { ...init, cache: 'no-store' });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new ApiError(503, 'service_unavailable', 'The server could not be reached. Check your connection and try again.');
  }
  if (!response.ok) throw apiErrorFromBody(response.status, await readJson(response));
  return response;
}

/** The response's JSON body; undefined when it is empty or not JSON. */
export async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
