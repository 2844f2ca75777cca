import type { ErrorBody } from '@todo/contracts';
import type { Response } from 'express';
import { toAppError } from '../http/error-handler';

/**
 * A server-sent-events response that starts lazily: the 200 and its headers go out with the first
 * event, so a failure before anything was streamed (validation, unknown conversation, assistant
 * disabled) still gets its normal JSON error status from the error middleware.
 */
export interface SseWriter {
  readonly started: boolean;
  send(event: string, data: unknown): void;
  end(): void;
}

export function createSseWriter(res: Response): SseWriter {
  let started = false;
  return {
    get started() {
      return started;
    },
    send(event, data) {
      if (!started) {
        started = true;
        res.status(200).set({
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          // Ask reverse proxies (nginx) not to buffer the stream.
          'x-accel-buffering': 'no',
        });
        res.flushHeaders();
      }
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    end() {
      res.end();
    },
  };
}

/** The error event's payload: the same `{ error: { code, message } }` as a JSON error response. */
export function errorEventBody(error: unknown): ErrorBody {
  const appError = toAppError(error);
  return appError
    ? { error: { code: appError.code, message: appError.message } }
    : { error: { code: 'internal', message: 'Internal server error' } };
}
