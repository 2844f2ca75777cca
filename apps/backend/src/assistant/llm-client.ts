/**
 * One chat-completions call to Groq with the policies the agent relies on: a per-request timeout,
 * bounded retries with backoff on transient failures (429, 5xx, connection errors, Groq's
 * `tool_use_failed`), and every final failure mapped to one of the assistant's AppErrors
 * (502 llm_bad_gateway, 503 llm_unavailable, 504 llm_timeout). The SDK's own retries are off so
 * that this module alone decides (and counts) them.
 *
 * Error messages shown to clients are written here, never copied from the provider, and never
 * contain the API key.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import Groq from 'groq-sdk';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'groq-sdk/resources/chat/completions';
import { LlmBadGatewayError, LlmTimeoutError, LlmUnavailableError, TurnStoppedError, type AppError } from '../errors';
import type { LlmMetrics, LlmFailureReason } from './assistant.metrics';
import { groqErrorObject, parseFailedGeneration } from './failed-generation';
import type { ModelToolCall } from './messages';

export interface LlmClientOptions {
  apiKey: string;
  /** Groq's URL when undefined. */
  baseUrl: string | undefined;
  model: string;
  maxTokens: number;
  temperature: number;
  /** Each attempt is aborted after this long (or at the call's deadline); a timed-out attempt is not retried. */
  requestTimeoutMs: number;
  /** Attempts per call, the first included. */
  maxAttempts: number;
  /** Backoff before retry n (1-based) is `min(initial * 2^(n-1), max)` with up to 25 % jitter off. */
  initialBackoffMs: number;
  maxBackoffMs: number;
  metrics: LlmMetrics;
  /**
   * Whether a tool call the model wrote as text (Groq's `tool_use_failed` + `failed_generation`)
   * would be accepted: if every written call passes, they are used as the answer instead of
   * retrying. Without it, such failures are only retried.
   */
  isValidToolCall?: (call: { name: string; arguments: string }) => boolean;
  /** For the warning logged on each failed attempt. */
  log: (fields: Record<string, unknown>, message: string) => void;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface LlmRequest {
  messages: ChatCompletionMessageParam[];
  tools: ChatCompletionTool[];
  /** `none` forces a text answer (used on the last allowed round). */
  toolChoice: 'auto' | 'none';
}

export interface LlmAnswer {
  content: string;
  toolCalls: ModelToolCall[];
}

export interface LlmCallOptions {
  /**
   * Streams the answer and calls this with each piece of text as it arrives. An attempt that
   * already emitted text is not retried (the caller would see the text twice).
   */
  onContent?: ((text: string) => void) | undefined;
  /**
   * Epoch milliseconds by which the call must be over, retries included (the agent's turn
   * deadline): attempts are cut short and retries skipped to meet it.
   */
  deadline?: number | undefined;
  /** Aborted when the person stopped the turn: the request is cut and nothing is retried. */
  signal?: AbortSignal | undefined;
}

export interface LlmClient {
  complete(request: LlmRequest, call?: LlmCallOptions): Promise<LlmAnswer>;
}

/** How one failed attempt is handled. */
interface Classified {
  reason: LlmFailureReason;
  retryable: boolean;
  /** The server's retry-after, when it sent one. */
  retryAfterMs?: number;
  /** The error to throw if this is the last attempt. */
  toAppError: () => AppError;
}

export function createLlmClient(options: LlmClientOptions): LlmClient {
  const groq = new Groq({
    apiKey: options.apiKey,
    ...(options.baseUrl ? { baseURL: options.baseUrl } : {}),
    maxRetries: 0,
    // The SDK would log through console, outside our logger and its redaction.
    logLevel: 'off',
  });
  // A stop during the wait ends it at once; the loop then sees the aborted signal and stops the turn.
  const sleep = options.sleep ?? ((ms: number, signal?: AbortSignal) => delay(ms, undefined, { signal }).catch(() => undefined));

  function params(request: LlmRequest) {
    return {
      model: options.model,
      messages: request.messages,
      tools: request.tools,
      tool_choice: request.toolChoice,
      max_completion_tokens: options.maxTokens,
      temperature: options.temperature,
    };
  }

  /**
   * Runs one attempt under its own timeout signal. Whatever an abort surfaces as (the SDK's
   * APIUserAbortError, a DOMException from the body read, or a silently ended stream) is
   * reported as one APIUserAbortError, i.e. a timeout.
   */
  async function underTimeout<T>(timeoutMs: number, stop: AbortSignal | undefined, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = stop ? AbortSignal.any([timeout, stop]) : timeout;
    let result: T;
    try {
      result = await run(signal);
    } catch (error) {
      if (stop?.aborted) throw new TurnStoppedError();
      if (signal.aborted) throw new Groq.APIUserAbortError();
      throw error;
    }
    if (stop?.aborted) throw new TurnStoppedError();
    if (signal.aborted) throw new Groq.APIUserAbortError();
    return result;
  }

  /** The calls of a `tool_use_failed` whose `failed_generation` holds only valid calls, else undefined. */
  function recoverWrittenCalls(error: unknown): LlmAnswer | undefined {
    if (!options.isValidToolCall || !(error instanceof Groq.APIError)) return undefined;
    const generation = groqErrorObject(error.error as unknown)?.failed_generation;
    if (typeof generation !== 'string') return undefined;
    const calls = parseFailedGeneration(generation);
    if (calls.length === 0 || !calls.every(options.isValidToolCall)) return undefined;
    return {
      content: '',
      toolCalls: calls.map((call) => ({
        id: `call_recovered_${randomUUID().slice(0, 8)}`,
        type: 'function',
        function: { name: call.name, arguments: call.arguments },
      })),
    };
  }

  async function attempt(request: LlmRequest, signal: AbortSignal): Promise<LlmAnswer> {
    const completion = await groq.chat.completions.create(params(request), { signal });
    const message = completion.choices[0]?.message;
    if (!message) throw new MalformedAnswerError('the completion has no choices');
    return {
      content: message.content ?? '',
      toolCalls: (message.tool_calls ?? []).map((call) => ({
        id: call.id,
        type: 'function',
        function: { name: call.function.name, arguments: call.function.arguments ?? '' },
      })),
    };
  }

  /** The same request as server-sent events, assembling the answer from the deltas. */
  async function attemptStreaming(request: LlmRequest, signal: AbortSignal, onContent: (text: string) => void): Promise<LlmAnswer> {
    const stream = await groq.chat.completions.create({ ...params(request), stream: true }, { signal });
    let content = '';
    const calls: Array<{ id: string; name: string; arguments: string }> = [];
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta;
      if (delta?.content) {
        content += delta.content;
        onContent(delta.content);
      }
      for (const part of delta?.tool_calls ?? []) {
        const call = (calls[part.index] ??= { id: '', name: '', arguments: '' });
        if (part.id) call.id = part.id;
        call.name += part.function?.name ?? '';
        call.arguments += part.function?.arguments ?? '';
      }
    }
    // The SDK ends an aborted stream silently; underTimeout turns that into a timeout, not a short answer.
    return {
      content,
      toolCalls: calls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })),
    };
  }

  return {
    async complete(request, call = {}) {
      const remainingMs = () => (call.deadline === undefined ? Infinity : call.deadline - Date.now());
      for (let attemptNumber = 1; ; attemptNumber += 1) {
        const timeoutMs = Math.min(options.requestTimeoutMs, Math.floor(remainingMs()));
        if (call.signal?.aborted) throw new TurnStoppedError();
        if (timeoutMs <= 0) throw outOfTime();
        const stopTimer = options.metrics.llmRequestDuration.startTimer();
        let emitted = false;
        const onContent = call.onContent;
        try {
          const answer = await underTimeout(timeoutMs, call.signal, (signal) =>
            onContent
              ? attemptStreaming(request, signal, (text) => {
                  emitted = true;
                  onContent(text);
                })
              : attempt(request, signal),
          );
          stopTimer({ outcome: 'ok' });
          return answer;
        } catch (error) {
          if (error instanceof TurnStoppedError) {
            stopTimer({ outcome: 'error' });
            throw error;
          }
          const failure = classify(error, () =>
            timeoutMs < options.requestTimeoutMs
              ? outOfTime()
              : new LlmTimeoutError(`The assistant did not answer within ${timeoutMs / 1000} s; try again`),
          );
          stopTimer({ outcome: 'error' });
          options.metrics.llmErrors.inc({ reason: failure.reason });
          const recovered = failure.reason === 'tool_use_failed' ? recoverWrittenCalls(error) : undefined;
          if (recovered) {
            options.log(
              { reason: failure.reason, attempt: attemptNumber, recovered: recovered.toolCalls.map((c) => c.function.name) },
              'LLM tool call recovered from failed_generation',
            );
            return recovered;
          }
          const delayMs = failure.retryable && !emitted ? retryDelay(options, attemptNumber, failure.retryAfterMs) : undefined;
          const willRetry = attemptNumber < options.maxAttempts && delayMs !== undefined && delayMs < remainingMs();
          options.log(
            { reason: failure.reason, attempt: attemptNumber, willRetry, delayMs, status: statusOf(error) },
            'LLM request failed',
          );
          if (!willRetry) throw failure.toAppError();
          await sleep(delayMs, call.signal);
        }
      }
    },
  };
}

class MalformedAnswerError extends Error {}

const outOfTime = () => new LlmTimeoutError('The assistant ran out of time for this message; try again');

/** The delay before the next attempt, or undefined when the server asks for a longer wait than we allow. */
function retryDelay(options: LlmClientOptions, attemptNumber: number, retryAfterMs: number | undefined): number | undefined {
  if (retryAfterMs !== undefined) return retryAfterMs <= options.maxBackoffMs ? retryAfterMs : undefined;
  const backoff = Math.min(options.initialBackoffMs * 2 ** (attemptNumber - 1), options.maxBackoffMs);
  return Math.round(backoff * (1 - Math.random() * 0.25));
}

function classify(error: unknown, timeoutError: () => AppError): Classified {
  if (error instanceof Groq.APIUserAbortError) {
    return { reason: 'timeout', retryable: false, toAppError: timeoutError };
  }
  if (error instanceof Groq.APIConnectionError) {
    return {
      reason: 'connection',
      retryable: true,
      toAppError: () => new LlmUnavailableError('The assistant service cannot be reached right now; try again later'),
    };
  }
  if (error instanceof Groq.RateLimitError) {
    return {
      reason: 'rate_limited',
      retryable: true,
      ...retryAfter(error),
      toAppError: () => new LlmUnavailableError('The assistant is rate limited by its provider; try again in a minute'),
    };
  }
  if (error instanceof Groq.AuthenticationError || error instanceof Groq.PermissionDeniedError) {
    return {
      reason: 'auth',
      retryable: false,
      toAppError: () => new LlmUnavailableError('The assistant provider rejected the configured API key; check GROQ_API_KEY'),
    };
  }
  if (error instanceof Groq.InternalServerError) {
    return {
      reason: 'server_error',
      retryable: true,
      ...retryAfter(error),
      toAppError: () =>
        error.status === 503
          ? new LlmUnavailableError('The assistant provider is unavailable; try again later')
          : new LlmBadGatewayError('The assistant provider failed to answer; try again later'),
    };
  }
  // Over HTTP a 400; inside a stream an error event, which has no status.
  if (
    error instanceof Groq.APIError &&
    (error.status === 400 || error.status === undefined) &&
    groqErrorCode(error.error) === 'tool_use_failed'
  ) {
    return {
      reason: 'tool_use_failed',
      retryable: true,
      toAppError: () => new LlmBadGatewayError('The assistant produced an invalid tool call; try rephrasing'),
    };
  }
  return {
    reason: error instanceof Groq.APIError || error instanceof MalformedAnswerError ? 'bad_response' : 'other',
    retryable: false,
    toAppError: () => new LlmBadGatewayError('The assistant provider gave an unusable answer'),
  };
}

function retryAfter(error: InstanceType<typeof Groq.APIError>): { retryAfterMs?: number } {
  const header = error.headers?.get('retry-after');
  if (!header) return {};
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return { retryAfterMs: seconds * 1000 };
  const date = Date.parse(header);
  return Number.isNaN(date) ? {} : { retryAfterMs: Math.max(0, date - Date.now()) };
}

function groqErrorCode(body: unknown): string | undefined {
  const code = groqErrorObject(body)?.code;
  return typeof code === 'string' ? code : undefined;
}

function statusOf(error: unknown): number | undefined {
  // APIError's status is typed `any` (its generic defaults); a stream's error event has none.
  return error instanceof Groq.APIError ? (error.status as number | undefined) : undefined;
}
