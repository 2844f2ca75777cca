/**
 * LLM outage fault test: the provider fails in each way it can (down, erroring, rate limiting, hanging,
 * answering nonsense, rejecting the key). `/chat` answers the documented error for each (contracts
 * `errors.ts`: 502 llm_bad_gateway, 503 llm_unavailable, 504 llm_timeout) without leaking the key
 * or saving a half conversation, while the tasks API and readiness carry on untouched.
 */
import { errorBodySchema, type ErrorCode } from '@todo/contracts';
import { llmReply, startScriptedLlmServer, type ScriptedLlmServer, type ScriptedReply } from '@todo/testkit/scripted-llm-server';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { createTestApp } from '../testing/test-app';
import { listen, type RawResponse } from './raw-http';

const apiKey = 'gsk_fault_key_that_must_never_leak';
// The timeout leaves room for a slow CI machine; only the hanging provider (5 s) should reach it.
const limits = { requestTimeoutMs: 1_500, maxAttempts: 2, initialBackoffMs: 5, maxBackoffMs: 50 };

type Client = Awaited<ReturnType<typeof listen>>;

async function startApp(db: TestDatabase, baseUrl: string): Promise<Client> {
  const { app } = await createTestApp({
    db,
    env: { LLM_PROVIDER: 'groq', GROQ_API_KEY: apiKey, GROQ_BASE_URL: baseUrl, LOG_LEVEL: 'silent' },
    deps: { assistantLimits: limits },
  });
  return listen(app);
}

/** A closed loopback port: connecting to it is refused at once, like a provider that is down. */
async function closedPortUrl(): Promise<string> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

describe('LLM outage fault test', () => {
  let db: TestDatabase;
  let llm: ScriptedLlmServer;
  let mode: ScriptedReply = llmReply.text('All good.');
  let healthy: Client;
  let unreachable: Client;
  let headers: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase();
    llm = await startScriptedLlmServer({ whenEmpty: () => mode });
    healthy = await startApp(db, llm.url);
    unreachable = await startApp(db, await closedPortUrl());
    const signup = await healthy.send({
      method: 'POST',
      path: '/api/v1/auth/signup',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'llm-outage@example.com', password: 'outage-password' }),
    });
    headers = { 'content-type': 'application/json', authorization: `Bearer ${(JSON.parse(signup.text) as { token: string }).token}` };
  });

  afterAll(async () => {
    await healthy?.close();
    await unreachable?.close();
    await llm?.close();
    await db?.close();
  });

  /** While `chat` is failing, the rest of the API serves as usual: 25 task calls and a readiness probe. */
  async function chatAlongsideTasks(client: Client) {
    const chat = client.send({ method: 'POST', path: '/api/v1/chat', headers, body: JSON.stringify({ message: 'Add milk to my list' }) });
    const tasks = Promise.all([
      ...Array.from({ length: 5 }, (_, i) =>
        client.send({ method: 'POST', path: '/api/v1/tasks', headers, body: JSON.stringify({ title: `During outage ${i}` }) }),
      ),
      ...Array.from({ length: 20 }, () => client.send({ method: 'GET', path: '/api/v1/tasks?limit=5', headers })),
      client.send({ method: 'GET', path: '/health/ready' }),
    ]);
    return { chat: await chat, others: await tasks };
  }

  const conversations = async (client: Client) =>
    (JSON.parse((await client.send({ method: 'GET', path: '/api/v1/conversations', headers })).text) as { items: unknown[] }).items.length;

  const expectDocumentedError = (response: RawResponse, status: number, code: ErrorCode) => {
    expect({ status: response.status, code: errorBodySchema.parse(JSON.parse(response.text)).error.code }).toEqual({ status, code });
    expect(response.text).not.toContain(apiKey);
  };

  const cases: Array<{ name: string; reply: ScriptedReply; status: number; code: ErrorCode; attempts: number }> = [
    { name: 'answers 500 on every attempt', reply: llmReply.serverError(500), status: 502, code: 'llm_bad_gateway', attempts: 2 },
    { name: 'answers 503 on every attempt', reply: llmReply.serverError(503), status: 503, code: 'llm_unavailable', attempts: 2 },
    {
      name: 'rate limits for longer than the backoff allows',
      reply: llmReply.rateLimited(60),
      status: 503,
      code: 'llm_unavailable',
      attempts: 1,
    },
    {
      name: 'hangs past the request timeout',
      reply: llmReply.delayed(5_000, llmReply.text('too late')),
      status: 504,
      code: 'llm_timeout',
      attempts: 1,
    },
    {
      name: 'answers 200 without any choice',
      reply: llmReply.error(200, { id: 'x', object: 'chat.completion', choices: [] }),
      status: 502,
      code: 'llm_bad_gateway',
      attempts: 1,
    },
    {
      name: 'rejects the API key',
      reply: llmReply.error(401, {
        error: { message: `Invalid API Key ${apiKey}`, type: 'invalid_request_error', code: 'invalid_api_key' },
      }),
      status: 503,
      code: 'llm_unavailable',
      attempts: 1,
    },
  ];

  it.each(cases)(
    'when the provider $name, then chat answers $status $code and tasks are unaffected',
    async ({ reply, status, code, attempts }) => {
      const before = await conversations(healthy);
      const sent = llm.requests.length;
      mode = reply;

      const { chat, others } = await chatAlongsideTasks(healthy);

      mode = llmReply.text('All good.');
      expectDocumentedError(chat, status, code);
      expect(llm.requests.length - sent).toBe(attempts);
      expect(others.map((response) => response.status).sort()).toEqual([...Array(21).fill(200), ...Array(5).fill(201)]);
      expect(await conversations(healthy)).toBe(before);
    },
  );

  it('when the provider cannot be reached, then chat answers 503 llm_unavailable and tasks are unaffected', async () => {
    const before = await conversations(unreachable);

    const { chat, others } = await chatAlongsideTasks(unreachable);

    expectDocumentedError(chat, 503, 'llm_unavailable');
    expect(others.map((response) => response.status).sort()).toEqual([...Array(21).fill(200), ...Array(5).fill(201)]);
    expect(await conversations(unreachable)).toBe(before);
  });

  it('when the provider emits NUL characters in a reply and a tool call, then the turn is answered and saved without them', async () => {
    llm.push(llmReply.toolCall('list_tasks', { q: 'milk\u0000' }), llmReply.text('Here\u0000 you go.'));

    const response = await healthy.send({ method: 'POST', path: '/api/v1/chat', headers, body: JSON.stringify({ message: 'Find milk' }) });

    const { conversationId, reply } = JSON.parse(response.text) as { conversationId: string; reply: string };
    expect({ status: response.status, reply }).toEqual({ status: 200, reply: 'Here\u0000 you go.' });
    const messages = JSON.parse(
      (await healthy.send({ method: 'GET', path: `/api/v1/conversations/${conversationId}/messages`, headers })).text,
    ) as {
      items: Array<{ role: string; content: string }>;
    };
    expect(messages.items.at(-1)).toMatchObject({ role: 'assistant', content: 'Here you go.' });
  });

  it('when the provider is back, then the next message is answered and saved', async () => {
    const before = await conversations(healthy);

    const response = await healthy.send({
      method: 'POST',
      path: '/api/v1/chat',
      headers,
      body: JSON.stringify({ message: 'Still there?' }),
    });

    expect({ status: response.status, reply: (JSON.parse(response.text) as { reply: string }).reply }).toEqual({
      status: 200,
      reply: 'All good.',
    });
    expect(await conversations(healthy)).toBe(before + 1);
  });
});
