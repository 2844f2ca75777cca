import type { ChatResponse, ConversationList, ErrorBody, MessageList, TaskResponse } from '@todo/contracts';
import request from 'supertest';
import type { App } from '../app';
import { formatWait } from '../http/rate-limit';
import { testGroqApiKey } from './testing/assistant-app';
import { useAssistantRouteSuite } from './testing/assistant-suite';
import { llmReply, type RecordedRequest } from '@todo/testkit/scripted-llm-server';

const suite = useAssistantRouteSuite('chat-user');

function chat(token: string, body: { message: string; conversationId?: string }, target: App = suite.app) {
  return request(target).post('/api/v1/chat').set('authorization', `Bearer ${token}`).send(body);
}

/** The parsed content of the tool messages the model was sent in a request. */
function toolResultsIn(sent: RecordedRequest | undefined): Array<{ id: string | undefined; content: unknown }> {
  return (sent?.body.messages ?? [])
    .filter((m) => m.role === 'tool')
    .map((m) => ({ id: m.tool_call_id, content: JSON.parse(m.content ?? 'null') as unknown }));
}

async function tasksOf(userId: string) {
  return suite.db.prisma.task.findMany({
    where: { userId },
    orderBy: { createdAt: 'asc' },
    select: { title: true, completed: true, priority: true },
  });
}

async function messagesOf(conversationId: string) {
  return suite.db.prisma.message.findMany({
    where: { conversationId },
    orderBy: { createdAt: 'asc' },
    select: { role: true, content: true, toolCallId: true },
  });
}

/** A tool call's id: a v4 UUID the backend chose (undo takes it). */
const callId = expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

async function metricsText(target: App = suite.app): Promise<string> {
  return (await request(target).get('/metrics')).text;
}

describe('POST /api/v1/chat', () => {
  it('when the model adds, lists, then completes a task, then the task is done in the database and every step was sent back to the model', async () => {
    const { token, userId } = await suite.newUser();
    suite.llm.push(
      llmReply.toolCall('add_task', { title: 'Buy milk', priority: 'high' }, 'call_add'),
      llmReply.toolCall('list_tasks', { q: 'milk', status: 'active' }, 'call_list'),
      (sent) => {
        // Like a real model, resolve "the milk task" from what list_tasks returned.
        const listed = toolResultsIn(sent).find((r) => r.id === 'call_list')?.content as { tasks: Array<{ id: string }> };
        return llmReply.toolCall('complete_task', { id: listed.tasks[0]?.id }, 'call_complete');
      },
      llmReply.text('Added "Buy milk" and marked it done.'),
    );

    const response = await chat(token, { message: 'Add buy milk (high priority), then mark the milk task done' });

    expect(response.status).toBe(200);
    const body = response.body as ChatResponse;
    expect(body.reply).toBe('Added "Buy milk" and marked it done.');
    const [milk] = await suite.db.prisma.task.findMany({ where: { userId } });
    expect(await tasksOf(userId)).toEqual([{ title: 'Buy milk', completed: true, priority: 'high' }]);
    const taskView = { id: milk!.id, title: 'Buy milk', description: null, priority: 'high', dueDate: null };
    expect(body.toolCalls).toEqual([
      {
        id: callId,
        name: 'add_task',
        arguments: { title: 'Buy milk', priority: 'high' },
        result: { task: { ...taskView, completed: false } },
        undone: false,
      },
      {
        id: callId,
        name: 'list_tasks',
        arguments: { q: 'milk', status: 'active' },
        result: { tasks: [{ ...taskView, completed: false }], nextCursor: null },
      },
      { id: callId, name: 'complete_task', arguments: { id: milk!.id }, result: { task: { ...taskView, completed: true } }, undone: false },
    ]);
    expect(new Set(body.toolCalls.map((call) => call.id)).size).toBe(3);

    // What the model was sent: config, tools, then the growing turn.
    expect(suite.llm.requests).toHaveLength(4);
    const first = suite.llm.requests[0]!.body;
    expect(first).toMatchObject({ model: 'test-model', max_completion_tokens: 300, temperature: 0.1, tool_choice: 'auto' });
    expect(first.tools?.map((t) => t.function.name)).toEqual([
      'add_task',
      'list_tasks',
      'update_task',
      'complete_task',
      'delete_task',
      'undo_last_action',
    ]);
    expect(first.messages[0]).toEqual({ role: 'system', content: expect.stringContaining('You are Test Assistant. Help with tasks.') });
    expect(first.messages.slice(1)).toEqual([{ role: 'user', content: 'Add buy milk (high priority), then mark the milk task done' }]);
    expect(suite.llm.requests[3]!.body.messages.map((m) => [m.role, m.tool_call_id ?? m.tool_calls?.[0]?.id ?? null])).toEqual([
      ['system', null],
      ['user', null],
      ['assistant', 'call_add'],
      ['tool', 'call_add'],
      ['assistant', 'call_list'],
      ['tool', 'call_list'],
      ['assistant', 'call_complete'],
      ['tool', 'call_complete'],
    ]);
    expect(toolResultsIn(suite.llm.requests[3]).at(-1)?.content).toEqual({ task: { ...taskView, completed: true } });

    // Stored: the whole turn, in order, in a conversation titled after the message.
    expect((await messagesOf(body.conversationId)).map((m) => [m.role, m.toolCallId])).toEqual([
      ['user', null],
      ['assistant', null],
      ['tool', 'call_add'],
      ['assistant', null],
      ['tool', 'call_list'],
      ['assistant', null],
      ['tool', 'call_complete'],
      ['assistant', null],
    ]);
    const metrics = await metricsText();
    expect(metrics).toContain('assistant_tool_calls_total{tool="add_task",outcome="ok"} 1');
    expect(metrics).toContain('assistant_tool_calls_total{tool="complete_task",outcome="ok"} 1');
    expect(metrics).toContain('llm_request_duration_seconds_count{outcome="ok"} 4');
  });

  it('when the model sends malformed tool calls, then nothing runs and the model gets the errors', async () => {
    const { token, userId } = await suite.newUser();
    suite.llm.push(
      llmReply.toolCalls([
        { id: 'call_bad_json', name: 'add_task', arguments: '{"title": "Buy br' },
        { id: 'call_bad_args', name: 'add_task', arguments: { title: '', priority: 'urgent' } },
      ]),
      llmReply.text('Sorry, I could not add that task.'),
    );

    const response = await chat(token, { message: 'add bread' });

    expect(response.status).toBe(200);
    expect(await tasksOf(userId)).toEqual([]);
    expect(toolResultsIn(suite.llm.requests[1])).toEqual([
      { id: 'call_bad_json', content: { error: 'arguments are not valid JSON: {"title": "Buy br' } },
      {
        id: 'call_bad_args',
        content: { error: 'invalid arguments: title: must not be empty; priority: Invalid option: expected one of "low"|"medium"|"high"' },
      },
    ]);
    expect((response.body as ChatResponse).toolCalls).toEqual([
      { id: callId, name: 'add_task', arguments: {}, error: 'arguments are not valid JSON: {"title": "Buy br' },
      {
        id: callId,
        name: 'add_task',
        arguments: { title: '', priority: 'urgent' },
        error: 'invalid arguments: title: must not be empty; priority: Invalid option: expected one of "low"|"medium"|"high"',
      },
    ]);
    expect(await metricsText()).toContain('assistant_tool_calls_total{tool="add_task",outcome="invalid_arguments"} 2');
  });

  it('when the model calls a tool that does not exist, then it is told the available tools and no task changes', async () => {
    const { token, userId } = await suite.newUser();
    await request(suite.app).post('/api/v1/tasks').set('authorization', `Bearer ${token}`).send({ title: 'Keep me' }).expect(201);
    suite.llm.push(llmReply.toolCall('delete_all_tasks', {}, 'call_x'), llmReply.text('I cannot do that.'));

    const response = await chat(token, { message: 'delete everything' });

    expect(response.status).toBe(200);
    expect(toolResultsIn(suite.llm.requests[1])).toEqual([
      {
        id: 'call_x',
        content: {
          error:
            'unknown tool "delete_all_tasks"; the tools are add_task, list_tasks, update_task, complete_task, delete_task, undo_last_action',
        },
      },
    ]);
    expect(await tasksOf(userId)).toEqual([{ title: 'Keep me', completed: false, priority: 'medium' }]);
    expect(await metricsText()).toContain('assistant_tool_calls_total{tool="unknown",outcome="unknown_tool"} 1');
  });

  it("when the model targets another user's task, then it is not found for this user and the other user's task is untouched", async () => {
    const owner = await suite.newUser();
    const intruder = await suite.newUser();
    const created = await request(suite.app)
      .post('/api/v1/tasks')
      .set('authorization', `Bearer ${owner.token}`)
      .send({ title: 'Private task' })
      .expect(201);
    const privateId = (created.body as TaskResponse).task.id;
    suite.llm.push(
      llmReply.toolCalls([
        { id: 'call_c', name: 'complete_task', arguments: { id: privateId } },
        { id: 'call_d', name: 'delete_task', arguments: { id: privateId } },
      ]),
      llmReply.text('That task does not exist.'),
    );

    const response = await chat(intruder.token, { message: `complete and delete task ${privateId}` });

    expect(response.status).toBe(200);
    expect(toolResultsIn(suite.llm.requests[1])).toEqual([
      { id: 'call_c', content: { error: `Task ${privateId} not found` } },
      { id: 'call_d', content: { error: `Task ${privateId} not found` } },
    ]);
    expect(await tasksOf(owner.userId)).toEqual([{ title: 'Private task', completed: false, priority: 'medium' }]);
    expect(await tasksOf(intruder.userId)).toEqual([]);
    expect(await metricsText()).toContain('assistant_tool_calls_total{tool="delete_task",outcome="rejected"} 1');
  });

  it('when the provider answers 429 then succeeds, then the request is retried and the turn succeeds', async () => {
    const { token } = await suite.newUser();
    suite.llm.push(llmReply.rateLimited(0), llmReply.text('Hello!'));

    const response = await chat(token, { message: 'hi' });

    expect(response.status).toBe(200);
    expect((response.body as ChatResponse).reply).toBe('Hello!');
    expect(suite.llm.requests).toHaveLength(2);
    expect(suite.llm.requests[1]!.body).toEqual(suite.llm.requests[0]!.body);
    expect((await messagesOf((response.body as ChatResponse).conversationId)).map((m) => [m.role, m.content])).toEqual([
      ['user', 'hi'],
      ['assistant', 'Hello!'],
    ]);
    expect(await metricsText()).toContain('llm_errors_total{reason="rate_limited"} 1');
  });

  it('when the provider keeps failing with 500 after a tool ran, then 502 and the stored turn records the tool call and the failure', async () => {
    const { token, userId } = await suite.newUser();
    suite.llm.push(
      llmReply.toolCall('add_task', { title: 'Call mom' }, 'call_mom'),
      llmReply.serverError(),
      llmReply.serverError(),
      llmReply.serverError(),
    );

    const response = await chat(token, { message: 'remind me to call mom' });

    expect(response.status).toBe(502);
    expect(response.body as ErrorBody).toEqual({
      error: { code: 'llm_bad_gateway', message: 'The assistant provider failed to answer; try again later' },
    });
    expect(suite.llm.requests).toHaveLength(4);
    expect(await tasksOf(userId)).toEqual([{ title: 'Call mom', completed: false, priority: 'medium' }]);
    const conversations = await suite.db.prisma.conversation.findMany({ where: { userId } });
    expect(conversations).toHaveLength(1);
    expect((await messagesOf(conversations[0]!.id)).map((m) => [m.role, m.toolCallId])).toEqual([
      ['user', null],
      ['assistant', null],
      ['tool', 'call_mom'],
      ['assistant', null],
    ]);
    expect((await messagesOf(conversations[0]!.id)).at(-1)?.content).toBe(
      '(The assistant could not finish this reply: The assistant provider failed to answer; try again later. ' +
        'The tool calls above were carried out.)',
    );
    expect(await metricsText()).toContain('llm_errors_total{reason="server_error"} 3');
  });

  it('when the provider does not answer in time, then 504 and nothing of the turn is stored', async () => {
    suite.rebuild({ limits: { requestTimeoutMs: 300 } });
    const { token, userId } = await suite.newUser();
    suite.llm.push(llmReply.delayed(3_000, llmReply.text('too late')));
    const started = Date.now();

    const response = await chat(token, { message: 'are you there?' });

    expect(response.status).toBe(504);
    expect(response.body as ErrorBody).toEqual({
      error: { code: 'llm_timeout', message: 'The assistant did not answer within 0.3 s; try again' },
    });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(suite.llm.requests).toHaveLength(1);
    expect(await suite.db.prisma.conversation.count({ where: { userId } })).toBe(0);
  });

  it('when the app is recreated (restart or another replica), then the conversation continues with its stored history', async () => {
    const { token } = await suite.newUser();
    suite.llm.push(llmReply.toolCall('add_task', { title: 'Buy eggs' }, 'call_eggs'), llmReply.text('Added "Buy eggs".'));
    const first = await chat(token, { message: 'add eggs' });
    const { conversationId } = first.body as ChatResponse;

    // A second app with its own database client: nothing shared in memory with the first.
    const replica = suite.replica();
    suite.llm.push(llmReply.text('You added "Buy eggs".'));
    const second = await chat(token, { message: 'what did I just add?', conversationId }, replica);

    expect(second.status).toBe(200);
    expect(second.body as ChatResponse).toEqual({ conversationId, reply: 'You added "Buy eggs".', toolCalls: [] });
    expect(suite.llm.requests[2]!.body.messages.slice(1)).toEqual([
      { role: 'user', content: 'add eggs' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_eggs', type: 'function', function: { name: 'add_task', arguments: '{"title":"Buy eggs"}' } }],
      },
      { role: 'tool', tool_call_id: 'call_eggs', content: expect.stringContaining('"title":"Buy eggs"') },
      { role: 'assistant', content: 'Added "Buy eggs".' },
      { role: 'user', content: 'what did I just add?' },
    ]);
    expect((await messagesOf(conversationId)).map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant', 'user', 'assistant']);
  });

  it('when the conversation is longer than the history budget, then only the latest whole turns are sent to the model', async () => {
    suite.rebuild({ limits: { historyBudget: { maxMessages: 3, maxChars: 10_000 } } });
    const { token } = await suite.newUser();
    suite.llm.push(llmReply.text('a1'), llmReply.text('a2'), llmReply.text('a3'));
    const { conversationId } = (await chat(token, { message: 'q1' })).body as ChatResponse;
    await chat(token, { message: 'q2', conversationId }).expect(200);

    await chat(token, { message: 'q3', conversationId }).expect(200);

    // The last 3 stored messages are a1, q2, a2; the cut moves to the user message q2.
    expect(suite.llm.requests[2]!.body.messages.slice(1)).toEqual([
      { role: 'user', content: 'q2' },
      { role: 'assistant', content: 'a2' },
      { role: 'user', content: 'q3' },
    ]);
    expect(await suite.db.prisma.message.count({ where: { conversationId } })).toBe(6);
  });

  it('when the assistant is disabled, then /chat answers 503 saying how to configure it and tasks still work', async () => {
    suite.rebuild({ env: { LLM_PROVIDER: 'disabled' } });
    const { token } = await suite.newUser();

    const response = await chat(token, { message: 'hi' });

    expect(response.status).toBe(503);
    expect((response.body as ErrorBody).error.code).toBe('llm_unavailable');
    expect((response.body as ErrorBody).error.message).toContain('pulumi config set --secret groqApiKey');
    expect(suite.llm.requests).toHaveLength(0);
    await request(suite.app).get('/api/v1/tasks').set('authorization', `Bearer ${token}`).expect(200);
    await request(suite.app).get('/api/v1/conversations').set('authorization', `Bearer ${token}`).expect(200);
  });

  it('when there is no key, then /chat answers 503 too', async () => {
    suite.rebuild({ env: { GROQ_API_KEY: '' } });
    const { token } = await suite.newUser();

    const response = await chat(token, { message: 'hi' });

    expect(response.status).toBe(503);
    expect((response.body as ErrorBody).error.message).toMatch(/^The assistant is not configured\. Set LLM_PROVIDER=groq and GROQ_API_KEY/);
  });

  it('when the message is empty or the caller is anonymous, then 422 and 401 without calling the model', async () => {
    const { token } = await suite.newUser();

    await chat(token, { message: '   ' }).expect(422);
    await request(suite.app).post('/api/v1/chat').send({ message: 'hi' }).expect(401);
    expect(suite.llm.requests).toHaveLength(0);
  });
});

describe('POST /api/v1/chat per-user limit', () => {
  it('when a user sends more messages a minute than the limit, then 429 with Retry-After before the model is asked, and another user still chats', async () => {
    suite.rebuild({ env: { ASSISTANT_RATE_LIMIT_PER_MINUTE: '2' } });
    const [alice, bob] = [await suite.newUser(), await suite.newUser()];
    suite.llm.push(llmReply.text('One.'), llmReply.text('Two.'), llmReply.text('Hello Bob.'));

    const statuses = [(await chat(alice.token, { message: 'one' })).status, (await chat(alice.token, { message: 'two' })).status];
    const third = await chat(alice.token, { message: 'three' });

    expect(statuses).toEqual([200, 200]);
    expect(third.status).toBe(429);
    const retryAfter = Number(third.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(third.body as ErrorBody).toEqual({
      error: { code: 'rate_limited', message: `You have sent the assistant too many messages. Try again in ${formatWait(retryAfter)}.` },
    });
    expect(suite.llm.requests).toHaveLength(2);
    expect((await chat(bob.token, { message: 'hi' })).status).toBe(200);
  });
});

describe('GET /api/v1/conversations and /conversations/:id/messages', () => {
  it("when a user lists conversations, then they get only their own, newest first, and another user's messages, or an id that is none, are 404", async () => {
    const alice = await suite.newUser();
    const bob = await suite.newUser();
    suite.llm.push(llmReply.text('one'), llmReply.text('two'), llmReply.text('bob'));
    const older = (await chat(alice.token, { message: 'First conversation' })).body as ChatResponse;
    const newer = (await chat(alice.token, { message: 'Second conversation' })).body as ChatResponse;
    const bobs = (await chat(bob.token, { message: 'Bob here' })).body as ChatResponse;

    const list = await request(suite.app).get('/api/v1/conversations').set('authorization', `Bearer ${alice.token}`).expect(200);
    const notFound = await request(suite.app)
      .get(`/api/v1/conversations/${bobs.conversationId}/messages`)
      .set('authorization', `Bearer ${alice.token}`);
    const malformed = await request(suite.app)
      .get('/api/v1/conversations/not-an-id/messages')
      .set('authorization', `Bearer ${alice.token}`);
    const continued = await chat(alice.token, { message: 'hijack', conversationId: bobs.conversationId });

    expect((list.body as ConversationList).items.map((c) => [c.id, c.title])).toEqual([
      [newer.conversationId, 'Second conversation'],
      [older.conversationId, 'First conversation'],
    ]);
    expect([notFound.status, notFound.body]).toEqual([
      404,
      { error: { code: 'not_found', message: `Conversation ${bobs.conversationId} not found` } },
    ]);
    expect([malformed.status, malformed.body]).toEqual([
      404,
      { error: { code: 'not_found', message: 'Conversation not-an-id not found' } },
    ]);
    expect(continued.status).toBe(404);
    expect(await suite.db.prisma.message.count({ where: { conversationId: bobs.conversationId } })).toBe(2);
  });

  it('when the messages of a conversation with tool calls are read, then each shows its role, content and tool calls', async () => {
    const { token } = await suite.newUser();
    suite.llm.push(llmReply.toolCall('add_task', { title: 'Water plants' }, 'call_w'), llmReply.text('Done.'));
    const { conversationId } = (await chat(token, { message: 'add water plants' })).body as ChatResponse;

    const response = await request(suite.app)
      .get(`/api/v1/conversations/${conversationId}/messages`)
      .set('authorization', `Bearer ${token}`)
      .expect(200);

    const items = (response.body as MessageList).items;
    expect(items.map((m) => [m.role, m.content, m.toolCalls?.map((c) => [c.name, c.arguments, 'error' in c])])).toEqual([
      ['user', 'add water plants', undefined],
      ['assistant', '', [['add_task', { title: 'Water plants' }, false]]],
      ['tool', expect.stringContaining('Water plants'), [['add_task', { title: 'Water plants' }, false]]],
      ['assistant', 'Done.', undefined],
    ]);
    expect(items[2]!.toolCalls?.[0]).toMatchObject({ result: { task: { title: 'Water plants', completed: false } }, undone: false });
    // The assistant message shows the same call as the tool message that answered it.
    expect(items[1]!.toolCalls).toEqual(items[2]!.toolCalls);
  });
});

/** The events of a server-sent-events body, in order. */
function parseEvents(text: string): Array<{ event: string; data: unknown }> {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const field = (name: string) =>
        block
          .split('\n')
          .find((line) => line.startsWith(`${name}: `))
          ?.slice(name.length + 2);
      return { event: field('event') ?? '', data: JSON.parse(field('data') ?? 'null') as unknown };
    });
}

describe('POST /api/v1/chat with Accept: text/event-stream', () => {
  function streamChat(token: string, body: { message: string; conversationId?: string }) {
    return request(suite.app).post('/api/v1/chat').set('authorization', `Bearer ${token}`).set('accept', 'text/event-stream').send(body);
  }

  it('when the turn succeeds, then tool calls, text deltas and the final response arrive as events', async () => {
    const { token, userId } = await suite.newUser();
    suite.llm.push(llmReply.toolCall('add_task', { title: 'Stream test' }, 'call_s'), llmReply.text('Added "Stream test".'));

    const response = await streamChat(token, { message: 'add stream test' });

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(response.headers['x-accel-buffering']).toBe('no');
    expect(response.headers['cache-control']).toBe('no-cache, no-transform');
    const events = parseEvents(response.text);
    expect(events.map((e) => e.event)).toEqual(['start', 'tool_call', 'delta', 'done']);
    expect(events[1]!.data).toMatchObject({
      name: 'add_task',
      arguments: { title: 'Stream test' },
      result: { task: { title: 'Stream test' } },
    });
    expect(events[2]!.data).toEqual({ text: 'Added "Stream test".' });
    const done = events[3]!.data as ChatResponse;
    expect(events[0]!.data).toEqual({ conversationId: done.conversationId });
    expect(done.reply).toBe('Added "Stream test".');
    expect(done.toolCalls).toEqual([events[1]!.data]);
    expect(suite.llm.requests.map((r) => r.body.stream)).toEqual([true, true]);
    expect(await tasksOf(userId)).toEqual([{ title: 'Stream test', completed: false, priority: 'medium' }]);
    expect(await suite.db.prisma.message.count({ where: { conversationId: done.conversationId } })).toBe(4);
  });

  it('when the provider fails after the stream started, then the stream ends with an error event in the error shape', async () => {
    const { token } = await suite.newUser();
    suite.llm.push(
      llmReply.toolCall('add_task', { title: 'Half done' }, 'call_h'),
      llmReply.serverError(),
      llmReply.serverError(),
      llmReply.serverError(),
    );

    const response = await streamChat(token, { message: 'add half done' });

    expect(response.status).toBe(200);
    expect(parseEvents(response.text).map((e) => [e.event, e.event === 'error' ? e.data : null])).toEqual([
      ['start', null],
      ['tool_call', null],
      ['error', { error: { code: 'llm_bad_gateway', message: 'The assistant provider failed to answer; try again later' } }],
    ]);
  });

  it('when the turn fails before anything was streamed, then it is a plain JSON error with its status', async () => {
    suite.rebuild({ limits: { requestTimeoutMs: 300 } });
    const { token } = await suite.newUser();
    suite.llm.push(llmReply.delayed(3_000, llmReply.text('too late')));

    const response = await streamChat(token, { message: 'slow' });

    expect(response.status).toBe(504);
    expect((response.body as ErrorBody).error.code).toBe('llm_timeout');
  });
});

describe('secrets', () => {
  it('when turns call tools, are retried and fail, then the key went to the provider on every request but into no log line or metric', async () => {
    const { token } = await suite.newUser();
    suite.llm.push(
      llmReply.toolCall('add_task', { title: 'Water the plants' }),
      llmReply.text('Added.'),
      llmReply.rateLimited(0),
      llmReply.text('Still here.'),
      llmReply.serverError(),
      llmReply.serverError(),
      llmReply.serverError(),
    );

    const statuses = [];
    for (const message of ['Add a task', 'Anything else?', 'One more']) statuses.push((await chat(token, { message })).status);

    expect(statuses).toEqual([200, 200, 502]);
    expect(suite.llm.requests.map((sent) => sent.headers.authorization)).toEqual(Array(7).fill(`Bearer ${testGroqApiKey}`));
    const chatLines = suite.logs.filter((line) => (JSON.parse(line) as { route?: string }).route === '/api/v1/chat');
    expect(chatLines).toHaveLength(3);
    expect(suite.logs.join('\n')).not.toContain(testGroqApiKey);
    expect(await metricsText()).not.toContain(testGroqApiKey);
  });
});
