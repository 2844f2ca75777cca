import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChatResponse, MessageList } from '@todo/contracts';
import { llmReply } from '@todo/testkit/scripted-llm-server';
import request from 'supertest';
import type { AssistantLimits } from './assistant.feature';
import { useAssistantRouteSuite } from './testing/assistant-suite';

const suite = useAssistantRouteSuite('stream-user');

/** The app listening on a loopback port (a real socket the client can drop), with a signed-up user. */
async function started(limits: Partial<AssistantLimits> = {}) {
  suite.rebuild({ limits });
  const { app } = suite;
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { token, userId } = await suite.newUser();
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { app, server, token, userId, url };
}

const closeServer = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

/** Reads server-sent events from a fetch body until `until` says stop; comments come back as `:` events. */
async function readEvents(body: ReadableStream<Uint8Array>, until: (event: string) => boolean) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const events: Array<{ event: string; data: unknown }> = [];
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return { events, reader };
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const field = (name: string) =>
        block
          .split('\n')
          .find((line) => line.startsWith(`${name}: `))
          ?.slice(name.length + 2);
      const event = block.startsWith(':') ? ':' : (field('event') ?? '');
      events.push({ event, data: event === ':' ? block : (JSON.parse(field('data') ?? 'null') as unknown) });
      if (until(event)) return { events, reader };
    }
  }
}

async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a streamed turn', () => {
  it('when the person stops after a tool ran, then the model request is cut and the turn is stored up to that tool with a note', async () => {
    const { app, server, token, userId, url } = await started();
    try {
      suite.llm.requests.length = 0;
      suite.llm.push(llmReply.toolCall('add_task', { title: 'Stopped midway' }), llmReply.delayed(10_000, llmReply.text('never sent')));
      const stop = new AbortController();
      const response = await fetch(`${url}/api/v1/chat`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'add stopped midway' }),
        signal: stop.signal,
      });
      const { events } = await readEvents(response.body!, (event) => event === 'tool_call');
      stop.abort();
      const { conversationId } = events[0]!.data as { conversationId: string };

      const stored = await eventually(
        () => suite.db.prisma.message.findMany({ where: { conversationId }, orderBy: { createdAt: 'asc' } }),
        (rows) => rows.length >= 4,
      );

      expect(events.map((e) => e.event)).toEqual(['start', 'tool_call']);
      expect(stored.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
      expect(stored[3]!.content).toBe(
        '(The assistant could not finish this reply: it was stopped before it finished. The tool calls above were carried out.)',
      );
      expect(await suite.db.prisma.task.findMany({ where: { userId }, select: { title: true } })).toEqual([{ title: 'Stopped midway' }]);
      expect(suite.llm.requests).toHaveLength(2);
      // The conversation reloads cleanly, and the next turn sends the model a valid history.
      const messages = await request(app).get(`/api/v1/conversations/${conversationId}/messages`).set('authorization', `Bearer ${token}`);
      expect((messages.body as MessageList).items.map((m) => [m.role, m.toolCalls?.map((c) => c.name) ?? null])).toEqual([
        ['user', null],
        ['assistant', ['add_task']],
        ['tool', ['add_task']],
        ['assistant', null],
      ]);
      suite.llm.push(llmReply.text('Yes, it was added.'));
      const next = await request(app)
        .post('/api/v1/chat')
        .set('authorization', `Bearer ${token}`)
        .send({ message: 'was it added?', conversationId });
      expect((next.body as ChatResponse).reply).toBe('Yes, it was added.');
      expect(suite.llm.requests[2]!.body.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool', 'assistant', 'user']);
    } finally {
      await closeServer(server);
    }
  });

  it('when the person stops before any tool ran, then nothing of the turn is stored', async () => {
    const { server, token, userId, url } = await started({ heartbeatMs: 50 });
    try {
      suite.llm.requests.length = 0;
      suite.llm.push(llmReply.delayed(10_000, llmReply.text('never sent')));
      const stop = new AbortController();
      const response = await fetch(`${url}/api/v1/chat`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'think slowly' }),
        signal: stop.signal,
      });
      // The heartbeat starts the stream while the model is still silent.
      const { events } = await readEvents(response.body!, (event) => event === ':');
      stop.abort();
      await new Promise((resolve) => setTimeout(resolve, 300));

      expect(events).toEqual([
        { event: 'start', data: { conversationId: expect.any(String) } },
        { event: ':', data: ': heartbeat' },
      ]);
      expect(await suite.db.prisma.conversation.count({ where: { userId } })).toBe(0);
      expect(suite.llm.pending()).toBe(0);
    } finally {
      await closeServer(server);
    }
  });

  it('when the model is slow, then heartbeat comments keep the stream alive until the answer', async () => {
    const { server, token, url } = await started({ heartbeatMs: 100 });
    try {
      suite.llm.push(llmReply.delayed(450, llmReply.text('Here I am.')));
      const response = await fetch(`${url}/api/v1/chat`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'hello?' }),
      });
      const { events } = await readEvents(response.body!, (event) => event === 'done');

      const names = events.map((e) => e.event);
      expect(names[0]).toBe('start');
      expect(names.slice(-2)).toEqual(['delta', 'done']);
      expect(names.filter((name) => name === ':').length).toBeGreaterThanOrEqual(2);
      expect(response.headers.get('x-accel-buffering')).toBe('no');
    } finally {
      await closeServer(server);
    }
  });

  it('when Groq writes a valid call as text (tool_use_failed), then it runs like any other call', async () => {
    const { app, token, userId, server } = await started();
    try {
      suite.llm.push(
        llmReply.toolUseFailedInStream('<function=add_task>{"title": "From failed generation"}</function>'),
        llmReply.text('Added.'),
      );

      const response = await request(app)
        .post('/api/v1/chat')
        .set('authorization', `Bearer ${token}`)
        .set('accept', 'text/event-stream')
        .send({ message: 'add from failed generation' });

      expect(response.text).toContain('event: done');
      expect(await suite.db.prisma.task.findMany({ where: { userId }, select: { title: true } })).toEqual([
        { title: 'From failed generation' },
      ]);
    } finally {
      await closeServer(server);
    }
  });
});
