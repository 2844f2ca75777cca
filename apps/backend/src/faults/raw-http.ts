import { errorBodySchema, type ErrorBody } from '@todo/contracts';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '../app';

export interface RawResponse {
  status: number;
  contentType: string;
  text: string;
}

export interface RawRequest {
  method: string;
  /** Sent as is: the fault tests want malformed paths and query strings to reach the server. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** The app listening on a loopback port, and a client that sends exactly the bytes it is given. */
export async function listen(app: App): Promise<{ send(request: RawRequest): Promise<RawResponse>; close(): Promise<void> }> {
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    async send({ method, path, headers = {}, body }) {
      const response = await fetch(base + path, { method, headers, body, signal: AbortSignal.timeout(15_000) });
      return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Marks of a leaked stack trace or source location in a response body. */
const stackTrace = /\n\s+at |\bat [\w.<>]+ \(|node_modules|\.[jt]s:\d+:\d+/;

/**
 * Why a response breaks the API's error contract, or null when it keeps it: below 500, no stack
 * trace, and every 4xx a JSON `{ error: { code, message, details? } }`.
 */
export function contractViolation(response: RawResponse): string | null {
  if (response.status >= 500) return `status ${response.status}: ${response.text.slice(0, 300)}`;
  // Success bodies echo user input (a task titled "at x (y.js:1:2)" is fine), so only errors are scanned.
  if (response.status < 400) return null;
  if (stackTrace.test(response.text)) return `stack trace in the body: ${response.text.slice(0, 300)}`;
  if (!response.contentType.startsWith('application/json')) return `error with content-type ${response.contentType}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.text);
  } catch {
    return `error body is not JSON: ${response.text.slice(0, 300)}`;
  }
  const result = errorBodySchema.safeParse(parsed);
  return result.success ? null : `error body does not match errorBodySchema: ${response.text.slice(0, 300)}`;
}

export function errorOf(response: RawResponse): ErrorBody['error'] {
  return errorBodySchema.parse(JSON.parse(response.text)).error;
}
