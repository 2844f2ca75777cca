import { Registry } from 'prom-client';
import { LlmBadGatewayError, LlmTimeoutError, LlmUnavailableError, TurnStoppedError } from '../errors';
import { createAssistantMetrics } from './assistant.metrics';
import { createLlmClient, type LlmClientOptions, type LlmRequest } from './llm-client';
import { isValidToolCall } from './tools';
import { llmReply, startScriptedLlmServer, type ScriptedLlmServer, type ScriptStep } from '@todo/testkit/scripted-llm-server';

const request: LlmRequest = { messages: [{ role: 'user', content: 'hi' }], tools: [], toolChoice: 'auto' };

describe('createLlmClient', () => {
  let server: ScriptedLlmServer;
  let registry: Registry;
  let sleeps: number[];
  let logged: Array<Record<string, unknown>>;

  async function setup(script: ScriptStep[], overrides: Partial<LlmClientOptions> = {}) {
    server = await startScriptedLlmServer({ script });
    registry = new Registry();
    sleeps = [];
    logged = [];
    return createLlmClient({
      apiKey: 'gsk_secret_test_key',
      baseUrl: server.url,
      model: 'test-model',
      maxTokens: 256,
      temperature: 0.2,
      requestTimeoutMs: 2_000,
      maxAttempts: 3,
      initialBackoffMs: 100,
      maxBackoffMs: 1_000,
      metrics: createAssistantMetrics(registry),
      log: (fields) => logged.push(fields),
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      ...overrides,
    });
  }

  afterEach(async () => {
    await server.close();
  });

  async function metric(name: string) {
    const found = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
    return found?.values.map((v) => ({ labels: v.labels, value: v.value })) ?? [];
  }

  it('when the provider answers, then model, limits, tools and tool_choice are sent and the answer is returned', async () => {
    const llm = await setup([llmReply.toolCall('list_tasks', {}, 'call_a')]);

    const answer = await llm.complete(request);

    expect(answer).toEqual({
      content: '',
      toolCalls: [{ id: 'call_a', type: 'function', function: { name: 'list_tasks', arguments: '{}' } }],
    });
    expect(server.requests[0]?.body).toEqual({
      model: 'test-model',
      messages: [{ role: 'user', content: 'hi' }],
      tools: [],
      tool_choice: 'auto',
      max_completion_tokens: 256,
      temperature: 0.2,
    });
  });

  it('when the provider sends 429 with retry-after, then the client waits that long and retries', async () => {
    const llm = await setup([llmReply.rateLimited(0.5), llmReply.text('hello')]);

    const answer = await llm.complete(request);

    expect(answer.content).toBe('hello');
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toEqual([500]);
    expect(await metric('llm_errors_total')).toEqual([{ labels: { reason: 'rate_limited' }, value: 1 }]);
  });

  it('when the provider fails with tool_use_failed once, then the request is retried with backoff', async () => {
    const llm = await setup([llmReply.toolUseFailed(), llmReply.text('ok')]);

    await expect(llm.complete(request)).resolves.toEqual({ content: 'ok', toolCalls: [] });
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(75);
    expect(sleeps[0]).toBeLessThanOrEqual(100);
  });

  describe("Groq's failed_generation", () => {
    const recovering = { isValidToolCall };
    const written = '<function=add_task>{"title": "Buy milk", "priority": "high"}</function>';

    it('when the written call validates, then it is the answer and nothing is retried', async () => {
      const llm = await setup([llmReply.toolUseFailed(written)], recovering);

      const answer = await llm.complete(request);

      expect(answer).toEqual({
        content: '',
        toolCalls: [
          {
            id: expect.stringMatching(/^call_recovered_[0-9a-f]{8}$/),
            type: 'function',
            function: { name: 'add_task', arguments: '{"title": "Buy milk", "priority": "high"}' },
          },
        ],
      });
      expect(server.requests).toHaveLength(1);
      expect(sleeps).toEqual([]);
      expect(logged.at(-1)).toMatchObject({ reason: 'tool_use_failed', recovered: ['add_task'] });
      expect(await metric('llm_errors_total')).toEqual([{ labels: { reason: 'tool_use_failed' }, value: 1 }]);
    });

    it('when the written call does not validate, then the request is retried as before', async () => {
      const llm = await setup([llmReply.toolUseFailed('<function=add_task>{"title": ""}</function>'), llmReply.text('ok')], recovering);

      await expect(llm.complete(request)).resolves.toEqual({ content: 'ok', toolCalls: [] });
      expect(server.requests).toHaveLength(2);
      expect(sleeps).toHaveLength(1);
    });

    it('when the written call names no tool we have, then it is retried too', async () => {
      const llm = await setup([llmReply.toolUseFailed('<function=drop_all>{}</function>'), llmReply.text('ok')], recovering);

      await expect(llm.complete(request)).resolves.toEqual({ content: 'ok', toolCalls: [] });
      expect(server.requests).toHaveLength(2);
    });

    it('when the failure arrives inside a stream, then a valid written call is recovered the same way', async () => {
      const llm = await setup([llmReply.toolUseFailedInStream(written)], recovering);

      const answer = await llm.complete(request, { onContent: () => undefined });

      expect(answer.toolCalls.map((call) => call.function.name)).toEqual(['add_task']);
      expect(server.requests[0]?.body.stream).toBe(true);
    });
  });

  it('when the call is stopped while the provider is answering, then it ends at once with TurnStoppedError and no retry', async () => {
    const llm = await setup([llmReply.delayed(5_000, llmReply.text('late'))]);
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 100);
    const started = Date.now();

    await expect(llm.complete(request, { signal: stop.signal })).rejects.toBeInstanceOf(TurnStoppedError);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(server.requests).toHaveLength(1);
    expect(await metric('llm_errors_total')).toEqual([]);
  });

  it('when the call is stopped while waiting to retry, then the wait ends at once with TurnStoppedError', async () => {
    // The real wait (no injected sleep): a 429 asking for 8 s, stopped 100 ms into the wait.
    const llm = await setup([llmReply.rateLimited(8), llmReply.text('unused')], { sleep: undefined, maxBackoffMs: 10_000 });
    const stop = new AbortController();
    const started = Date.now();
    setTimeout(() => stop.abort(), 100);

    await expect(llm.complete(request, { signal: stop.signal })).rejects.toBeInstanceOf(TurnStoppedError);
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(server.requests).toHaveLength(1);
  });

  it('when the call was already stopped, then no request is sent', async () => {
    const llm = await setup([]);
    const stop = new AbortController();
    stop.abort();

    await expect(llm.complete(request, { signal: stop.signal })).rejects.toBeInstanceOf(TurnStoppedError);
    expect(server.requests).toHaveLength(0);
  });

  it('when the provider keeps answering 500, then it gives up after maxAttempts with llm_bad_gateway', async () => {
    const llm = await setup([], {});
    server.push(llmReply.serverError(), llmReply.serverError(), llmReply.serverError(), llmReply.text('never'));

    const error = await llm.complete(request).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(LlmBadGatewayError);
    expect(error).toMatchObject({ code: 'llm_bad_gateway', message: 'The assistant provider failed to answer; try again later' });
    expect(server.requests).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
    expect(await metric('llm_errors_total')).toEqual([{ labels: { reason: 'server_error' }, value: 3 }]);
    expect(logged.map((entry) => entry.willRetry)).toEqual([true, true, false]);
  });

  it('when the provider keeps answering 503, then the error is llm_unavailable', async () => {
    const llm = await setup([llmReply.serverError(503), llmReply.serverError(503), llmReply.serverError(503)]);

    await expect(llm.complete(request)).rejects.toBeInstanceOf(LlmUnavailableError);
  });

  it('when retry-after is longer than the longest backoff, then it fails at once with llm_unavailable', async () => {
    const llm = await setup([llmReply.rateLimited(60), llmReply.text('too late')]);

    await expect(llm.complete(request)).rejects.toMatchObject({ code: 'llm_unavailable' });
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('when the provider does not answer within the timeout, then llm_timeout without a retry', async () => {
    const llm = await setup([llmReply.delayed(3_000, llmReply.text('late')), llmReply.text('unused')], {
      requestTimeoutMs: 150,
    });

    const error = await llm.complete(request).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(LlmTimeoutError);
    expect(error).toMatchObject({ message: 'The assistant did not answer within 0.15 s; try again' });
    expect(server.requests).toHaveLength(1);
    expect(await metric('llm_errors_total')).toEqual([{ labels: { reason: 'timeout' }, value: 1 }]);
  });

  it('when the key is rejected, then it is not retried and the message names the variable, never the key', async () => {
    const llm = await setup([
      llmReply.error(401, { error: { message: 'Invalid API Key', type: 'invalid_request_error', code: 'invalid_api_key' } }),
    ]);

    const error = await llm.complete(request).catch((e: unknown) => e);

    expect(error).toMatchObject({
      code: 'llm_unavailable',
      message: 'The assistant provider rejected the configured API key; check GROQ_API_KEY',
    });
    expect(server.requests).toHaveLength(1);
    expect(JSON.stringify(logged)).not.toContain('gsk_secret_test_key');
    expect(await registry.metrics()).not.toContain('gsk_secret_test_key');
  });

  it('when the provider cannot be reached, then it retries and ends with llm_unavailable', async () => {
    const llm = await setup([]);
    await server.close();

    await expect(llm.complete(request)).rejects.toMatchObject({ code: 'llm_unavailable' });
    expect(sleeps).toHaveLength(2);
    server = await startScriptedLlmServer(); // for afterEach
  });

  describe('streaming', () => {
    it('when streaming, then each piece of text is handed over as it arrives and the answer is assembled', async () => {
      const llm = await setup([llmReply.toolCall('add_task', { title: 'x' }, 'call_t'), llmReply.text('All done')]);
      const pieces: string[] = [];

      const first = await llm.complete(request, { onContent: (text) => pieces.push(text) });
      const second = await llm.complete(request, { onContent: (text) => pieces.push(text) });

      expect(first).toEqual({
        content: '',
        toolCalls: [{ id: 'call_t', type: 'function', function: { name: 'add_task', arguments: '{"title":"x"}' } }],
      });
      expect(second).toEqual({ content: 'All done', toolCalls: [] });
      expect(pieces).toEqual(['All done']);
      expect(server.requests.map((r) => r.body.stream)).toEqual([true, true]);
    });

    it('when the stream stalls after some text, then llm_timeout (not a truncated answer) and no retry', async () => {
      const llm = await setup([llmReply.stall('Partial'), llmReply.text('unused')], { requestTimeoutMs: 200 });
      const pieces: string[] = [];

      const error = await llm.complete(request, { onContent: (text) => pieces.push(text) }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(LlmTimeoutError);
      expect(pieces).toEqual(['Partial']);
      expect(server.requests).toHaveLength(1);
    });

    it('when a plain (non-streamed) body stalls halfway, then llm_timeout too', async () => {
      const llm = await setup([llmReply.stall()], { requestTimeoutMs: 200 });

      await expect(llm.complete(request)).rejects.toBeInstanceOf(LlmTimeoutError);
    });
  });

  describe('deadline', () => {
    it('when the call has a deadline sooner than the request timeout, then the attempt is cut at the deadline', async () => {
      const llm = await setup([llmReply.delayed(3_000, llmReply.text('late'))], { requestTimeoutMs: 2_000 });
      const started = Date.now();

      const error = await llm.complete(request, { deadline: Date.now() + 200 }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(LlmTimeoutError);
      expect(error).toMatchObject({ message: 'The assistant ran out of time for this message; try again' });
      expect(Date.now() - started).toBeLessThan(1_000);
    });

    it('when the backoff would end after the deadline, then it does not retry and reports the last failure', async () => {
      const llm = await setup([llmReply.rateLimited(0.5), llmReply.text('unused')]);

      const error = await llm.complete(request, { deadline: Date.now() + 300 }).catch((e: unknown) => e);

      expect(error).toMatchObject({ code: 'llm_unavailable' });
      expect(server.requests).toHaveLength(1);
      expect(sleeps).toEqual([]);
    });

    it('when the deadline has already passed, then no request is sent', async () => {
      const llm = await setup([]);

      await expect(llm.complete(request, { deadline: Date.now() - 1 })).rejects.toBeInstanceOf(LlmTimeoutError);
      expect(server.requests).toHaveLength(0);
    });
  });
});
