import type { ErrorBody } from '@todo/contracts';
import type { Response } from 'express';
import { toAppError } from '../http/error-handler';

/**
 * A server-sent-events response that starts lazily: the 200 and its headers go out with the first
 * event (or the first heartbeat), so a failure before that (validation, unknown conversation,
 * assistant disabled, a provider error on the first request) still gets its normal JSON error
 * status from the error middleware.
 */
export interface SseWriter {
  readonly started: boolean;
  /**
   * The event the stream opens with, once the turn is under way; from then on a heartbeat comment
   * goes out whenever nothing was written for `heartbeatMs` (starting the stream if need be).
   */
  open(event: string, data: unknown): void;
  send(event: string, data: unknown): void;
  end(): void;
}

export interface SseOptions {
  heartbeatMs: number;
}

export function createSseWriter(res: Response, options: SseOptions): SseWriter {
  let started = false;
  let opening: string | undefined;
  let lastWrite = Date.now();
  let heartbeat: NodeJS.Timeout | undefined;

  const write = (text: string) => {
    lastWrite = Date.now();
    res.write(text);
  };
  const frame = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

  function start() {
    if (started) return;
    started = true;
    res.status(200).set({
      'content-type': 'text/event-stream; charset=utf-8',
      // no-transform: compression middlewares (expressjs/compression, the one Next.js vendors)
      // skip such responses instead of buffering them.
      'cache-control': 'no-cache, no-transform',
      // Ask reverse proxies (nginx, ingress-nginx) not to buffer the stream.
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    if (opening !== undefined) write(opening);
  }

  function stopHeartbeat() {
    if (heartbeat) clearInterval(heartbeat);
    heartbeat = undefined;
  }
  res.on('close', stopHeartbeat);

  return {
    get started() {
      return started;
    },
    open(event, data) {
      opening = frame(event, data);
      if (heartbeat || res.writableEnded) return;
      heartbeat = setInterval(
        () => {
          if (res.writableEnded || Date.now() - lastWrite < options.heartbeatMs) return;
          start();
          write(': heartbeat\n\n');
        },
        Math.max(10, Math.floor(options.heartbeatMs / 2)),
      );
      heartbeat.unref();
    },
    send(event, data) {
      start();
      write(frame(event, data));
    },
    end() {
      stopHeartbeat();
      res.end();
    },
  };
}

/** Aborted when the client goes away before the response was finished (Stop, navigation, a cut connection). */
export function abortOnClientGone(res: Response): AbortSignal {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}

/** The error event's payload: the same `{ error: { code, message } }` as a JSON error response. */
export function errorEventBody(error: unknown): ErrorBody {
  const appError = toAppError(error);
  return appError
    ? { error: { code: appError.code, message: appError.message } }
    : { error: { code: 'internal', message: 'Internal server error' } };
}
