/**
 * A local stand-in for Groq: a node:http server speaking the OpenAI-compatible chat-completions
 * protocol at the path groq-sdk calls (`POST {GROQ_BASE_URL}/openai/v1/chat/completions`).
 *
 * Each test scripts the answers as a queue; every request is recorded (parsed JSON body included)
 * so tests assert on exactly what was sent to the model. Self-contained (node built-ins only) so
 * the browser suite can start it too.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const CHAT_COMPLETIONS_PATH = '/openai/v1/chat/completions';

export interface ScriptedToolCall {
  /** Defaults to `call_<n>`, unique per server. */
  id?: string;
  name: string;
  /** A string is sent verbatim (use it for malformed JSON); anything else is JSON-encoded. */
  arguments: unknown;
}

export type ScriptedReply =
  | { kind: 'text'; content: string }
  | { kind: 'tool_calls'; calls: ScriptedToolCall[]; content?: string }
  | { kind: 'error'; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'delay'; ms: number; then: ScriptedReply }
  /** Text written piece by piece: a streamed request gets one delta per part, `delayMs` apart. */
  | { kind: 'streamed_text'; parts: string[]; delayMs: number }
  /** A streamed request gets 200 then `event: error` with this data (Groq's in-stream errors); a plain one gets 400. */
  | { kind: 'stream_error'; body: unknown }
  /** 200 and the start of the answer, then silence until the client gives up (a stall mid-body). */
  | { kind: 'stall'; content: string };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** The parsed JSON body (model, messages, tools, tool_choice, max_tokens, ...). */
  body: ChatCompletionRequestBody;
}

/** The fields tests look at; the rest of what the client sent is kept as is. */
export interface ChatCompletionRequestBody {
  model?: string;
  messages: Array<{
    role: string;
    content?: string | null;
    tool_calls?: Array<{ id: string; type: string; function: { name: string; arguments: string } }>;
    tool_call_id?: string;
    name?: string;
  }>;
  tools?: Array<{ type: string; function: { name: string; description?: string; parameters?: unknown } }>;
  tool_choice?: unknown;
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
  stream?: boolean;
  [key: string]: unknown;
}

/** A scripted step: a fixed reply, or one computed from the request (e.g. echoing an id it saw). */
export type ScriptStep = ScriptedReply | ((request: RecordedRequest) => ScriptedReply);

export interface ScriptedLlmServerOptions {
  /** Replies in order, one per request. */
  script?: ScriptStep[];
  /** Used once the script is exhausted; default: a 500 saying the script ran out. */
  whenEmpty?: ScriptStep;
}

export interface ScriptedLlmServer {
  /** Base URL to use as `GROQ_BASE_URL`, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Appends replies to the script. */
  push(...steps: ScriptStep[]): void;
  /** How many scripted replies have not been used yet. */
  pending(): number;
  close(): Promise<void>;
}

/** Builders for the replies a test scripts. */
export const llmReply = {
  text: (content: string): ScriptedReply => ({ kind: 'text', content }),
  toolCalls: (calls: ScriptedToolCall[], content = ''): ScriptedReply => ({ kind: 'tool_calls', calls, content }),
  toolCall: (name: string, args: unknown, id?: string): ScriptedReply => ({
    kind: 'tool_calls',
    calls: [{ name, arguments: args, ...(id === undefined ? {} : { id }) }],
  }),
  /** 429 as Groq sends it; `retryAfterSeconds` becomes the `retry-after` header. */
  rateLimited: (retryAfterSeconds = 0): ScriptedReply => ({
    kind: 'error',
    status: 429,
    headers: { 'retry-after': String(retryAfterSeconds) },
    body: groqError('Rate limit reached for model. Please try again later.', 'requests', 'rate_limit_exceeded'),
  }),
  serverError: (status = 500): ScriptedReply => ({
    kind: 'error',
    status,
    body: groqError('Internal Server Error', 'internal_server_error', 'internal_server_error'),
  }),
  /** Groq's 400 when the model produced a tool call it could not parse. */
  toolUseFailed: (failedGeneration = '<function=add_task>{"title": </function>'): ScriptedReply => ({
    kind: 'error',
    status: 400,
    body: { error: toolUseFailedError(failedGeneration) },
  }),
  error: (status: number, body: unknown, headers?: Record<string, string>): ScriptedReply => ({
    kind: 'error',
    status,
    body,
    ...(headers ? { headers } : {}),
  }),
  delayed: (ms: number, then: ScriptedReply): ScriptedReply => ({ kind: 'delay', ms, then }),
  streamedText: (parts: string[], delayMs: number): ScriptedReply => ({ kind: 'streamed_text', parts, delayMs }),
  /** `tool_use_failed` as Groq sends it inside a stream (an `event: error`), with its `failed_generation`. */
  toolUseFailedInStream: (failedGeneration: string): ScriptedReply => ({
    kind: 'stream_error',
    body: { error: { ...toolUseFailedError(failedGeneration), status_code: 400 } },
  }),
  stall: (content = 'I am thinking'): ScriptedReply => ({ kind: 'stall', content }),
};

function groqError(message: string, type: string, code: string) {
  return { error: { message, type, code } };
}

/** Groq's error object when the model wrote a tool call it could not parse. */
function toolUseFailedError(failedGeneration: string) {
  return {
    message: "Failed to call a function. Please adjust your prompt. See 'failed_generation' for more details.",
    type: 'invalid_request_error',
    code: 'tool_use_failed',
    failed_generation: failedGeneration,
  };
}

export async function startScriptedLlmServer(options: ScriptedLlmServerOptions = {}): Promise<ScriptedLlmServer> {
  const queue: ScriptStep[] = [...(options.script ?? [])];
  const requests: RecordedRequest[] = [];
  const pendingTimers = new Set<NodeJS.Timeout>();
  let callCounter = 0;
  let completionCounter = 0;

  const whenEmpty: ScriptStep =
    options.whenEmpty ?? llmReply.error(500, groqError('scripted LLM server: the script has no reply left', 'test', 'script_exhausted'));

  const server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (req.method !== 'POST' || path !== CHAT_COMPLETIONS_PATH) {
      send(res, 404, groqError(`scripted LLM server: no route ${req.method} ${path}`, 'test', 'not_found'));
      return;
    }
    let body: ChatCompletionRequestBody;
    try {
      body = JSON.parse(raw) as ChatCompletionRequestBody;
    } catch {
      send(res, 400, groqError('scripted LLM server: body is not JSON', 'invalid_request_error', 'invalid_json'));
      return;
    }
    const recorded: RecordedRequest = { method: req.method, path, headers: req.headers, body };
    requests.push(recorded);
    const step = queue.length > 0 ? queue.shift()! : whenEmpty;
    await respond(res, typeof step === 'function' ? step(recorded) : step, body);
  }

  /** Resolves after `ms`; close() cancels the timer (the promise then never settles, like the connection). */
  function wait(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        pendingTimers.delete(timer);
        resolve();
      }, ms);
      pendingTimers.add(timer);
    });
  }

  async function respond(res: ServerResponse, reply: ScriptedReply, body: ChatCompletionRequestBody): Promise<void> {
    switch (reply.kind) {
      case 'delay':
        await wait(reply.ms);
        if (res.destroyed || res.writableEnded) return; // the client gave up (timeout) meanwhile
        return respond(res, reply.then, body);
      case 'error':
        send(res, reply.status, reply.body, reply.headers);
        return;
      case 'stream_error':
        if (!body.stream) {
          send(res, 400, reply.body);
          return;
        }
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        res.end(`event: error\ndata: ${JSON.stringify(reply.body)}\n\n`);
        return;
      case 'streamed_text': {
        const completion = buildCompletion({ kind: 'text', content: reply.parts.join('') }, body, ++completionCounter, () => '');
        if (!body.stream) {
          send(res, 200, completion);
          return;
        }
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        for (const [index, part] of reply.parts.entries()) {
          if (index > 0) await wait(reply.delayMs);
          if (res.destroyed) return; // the client gave up meanwhile
          const chunk = firstChunk(completion);
          chunk.choices[0]!.delta.content = part;
          res.write(`data: ${JSON.stringify(chunk)}\n\n`);
        }
        const base = chunkBase(completion);
        res.write(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`);
        res.end('data: [DONE]\n\n');
        return;
      }
      case 'stall': {
        const completion = buildCompletion({ kind: 'text', content: reply.content }, body, ++completionCounter, () => '');
        if (body.stream) {
          res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
          res.write(`data: ${JSON.stringify(firstChunk(completion))}\n\n`);
        } else {
          const text = JSON.stringify(completion);
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
          res.write(text.slice(0, Math.floor(text.length / 2)));
        }
        return; // never ended: close() destroys the connection
      }
      case 'text':
      case 'tool_calls': {
        const completion = buildCompletion(reply, body, ++completionCounter, () => `call_${++callCounter}`);
        if (body.stream) sendStream(res, completion);
        else send(res, 200, completion);
        return;
      }
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    push: (...steps) => {
      queue.push(...steps);
    },
    pending: () => queue.length,
    close: async () => {
      for (const timer of pendingTimers) clearTimeout(timer);
      pendingTimers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

type Completion = ReturnType<typeof buildCompletion>;

function buildCompletion(
  reply: Extract<ScriptedReply, { kind: 'text' | 'tool_calls' }>,
  request: ChatCompletionRequestBody,
  n: number,
  nextCallId: () => string,
) {
  const toolCalls =
    reply.kind === 'tool_calls'
      ? reply.calls.map((call) => ({
          id: call.id ?? nextCallId(),
          type: 'function' as const,
          function: {
            name: call.name,
            arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
          },
        }))
      : undefined;
  return {
    id: `chatcmpl-scripted-${n}`,
    object: 'chat.completion' as const,
    created: Math.floor(Date.now() / 1000),
    model: request.model ?? 'scripted',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant' as const,
          content: reply.content === '' && toolCalls ? null : (reply.content ?? null),
          ...(toolCalls ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: toolCalls ? 'tool_calls' : 'stop',
      },
    ],
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    system_fingerprint: 'fp_scripted',
    x_groq: { id: `req_scripted_${n}` },
  };
}

/** The same completion as server-sent events: one content chunk, one tool-call chunk, then [DONE]. */
function sendStream(res: ServerResponse, completion: Completion): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const choice = completion.choices[0]!;
  const base = chunkBase(completion);
  res.write(`data: ${JSON.stringify(firstChunk(completion))}\n\n`);
  res.write(
    `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, finish_reason: choice.finish_reason }], x_groq: { id: completion.x_groq.id, usage: completion.usage } })}\n\n`,
  );
  res.end('data: [DONE]\n\n');
}

function chunkBase(completion: Completion) {
  return { id: completion.id, object: 'chat.completion.chunk', created: completion.created, model: completion.model };
}

/** The whole message as one delta: content and complete tool calls (Groq sends tool calls whole, too). */
function firstChunk(completion: Completion) {
  const message = completion.choices[0]!.message;
  const delta = {
    role: 'assistant',
    content: message.content,
    ...(message.tool_calls ? { tool_calls: message.tool_calls.map((call, index) => ({ index, ...call })) } : {}),
  };
  return { ...chunkBase(completion), choices: [{ index: 0, delta, finish_reason: null }] };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
