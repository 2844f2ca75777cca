import Groq from 'groq-sdk';
import { llmReply, startScriptedLlmServer, type ScriptedLlmServer } from './scripted-llm-server';

describe('startScriptedLlmServer', () => {
  let server: ScriptedLlmServer;
  afterEach(async () => {
    await server.close();
  });

  function client(): Groq {
    return new Groq({ apiKey: 'gsk_test', baseURL: server.url, maxRetries: 0, logLevel: 'off' });
  }

  it('when groq-sdk asks for a completion, then it gets the scripted tool call and the request is recorded', async () => {
    server = await startScriptedLlmServer({ script: [llmReply.toolCall('add_task', { title: 'Buy milk' })] });

    const completion = await client().chat.completions.create({
      model: 'test-model',
      messages: [{ role: 'user', content: 'add milk' }],
    });

    expect(completion.choices[0]?.message.tool_calls).toEqual([
      { id: 'call_1', type: 'function', function: { name: 'add_task', arguments: '{"title":"Buy milk"}' } },
    ]);
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.path).toBe('/openai/v1/chat/completions');
    expect(server.requests[0]?.headers.authorization).toBe('Bearer gsk_test');
    expect(server.requests[0]?.body.messages).toEqual([{ role: 'user', content: 'add milk' }]);
  });

  it('when the script holds a 429, then groq-sdk sees a RateLimitError with the retry-after header', async () => {
    server = await startScriptedLlmServer({ script: [llmReply.rateLimited(7)] });

    const error = await client()
      .chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Groq.RateLimitError);
    expect((error as InstanceType<typeof Groq.RateLimitError>).headers.get('retry-after')).toBe('7');
  });

  it("when the script holds tool_use_failed, then groq-sdk sees a 400 with Groq's error code", async () => {
    server = await startScriptedLlmServer({ script: [llmReply.toolUseFailed()] });

    const error = await client()
      .chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Groq.BadRequestError);
    expect((error as InstanceType<typeof Groq.BadRequestError>).error).toMatchObject({
      error: { code: 'tool_use_failed', type: 'invalid_request_error' },
    });
  });

  it('when the script is exhausted, then the next request gets a 500 naming the cause', async () => {
    server = await startScriptedLlmServer({ script: [llmReply.text('only one')] });
    const groq = client();
    await groq.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });

    const error = await groq.chat.completions
      .create({ model: 'm', messages: [{ role: 'user', content: 'again' }] })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Groq.InternalServerError);
    expect(String(error)).toContain('the script has no reply left');
    expect(server.pending()).toBe(0);
  });

  it("when the reply is delayed beyond the caller's deadline, then the call is aborted and close() still returns", async () => {
    server = await startScriptedLlmServer({ script: [llmReply.delayed(5_000, llmReply.text('late'))] });
    const started = Date.now();

    const error = await client()
      .chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }, { signal: AbortSignal.timeout(100) })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Groq.APIUserAbortError);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('when the client streams, then the scripted reply arrives as chunks', async () => {
    server = await startScriptedLlmServer({ script: [llmReply.text('Hello there')] });

    const stream = await client().chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';

    expect(text).toBe('Hello there');
    expect(server.requests[0]?.body.stream).toBe(true);
  });

  it('when the reply is streamed text in parts, then each part is its own delta, the parts arriving delayMs apart', async () => {
    server = await startScriptedLlmServer({ script: [llmReply.streamedText(['One ', 'two ', 'three.'], 150)] });

    const stream = await client().chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'count' }], stream: true });
    const arrivals: Array<[string, number]> = [];
    const started = Date.now();
    for await (const chunk of stream) {
      const text = chunk.choices[0]?.delta.content;
      if (text) arrivals.push([text, Date.now() - started]);
    }

    expect(arrivals.map(([text]) => text)).toEqual(['One ', 'two ', 'three.']);
    expect(arrivals[2]![1] - arrivals[0]![1]).toBeGreaterThanOrEqual(290);
  });

  it("when a stream carries Groq's in-stream tool_use_failed, then groq-sdk throws an APIError without status holding the error object", async () => {
    server = await startScriptedLlmServer({ script: [llmReply.toolUseFailedInStream('<function=add_task>{"title":"x"}</function>')] });

    const stream = await client().chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true });
    const error = await (async () => {
      for await (const chunk of stream) void chunk;
    })().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Groq.APIError);
    expect((error as InstanceType<typeof Groq.APIError>).status).toBeUndefined();
    expect((error as InstanceType<typeof Groq.APIError>).error).toMatchObject({
      code: 'tool_use_failed',
      failed_generation: '<function=add_task>{"title":"x"}</function>',
    });
  });
});
