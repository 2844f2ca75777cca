import type { Task } from '@todo/contracts';
import { Registry } from 'prom-client';
import { LlmTimeoutError } from '../errors';
import { createAgent, TurnFailedError } from './agent';
import { createAssistantMetrics } from './assistant.metrics';
import type { LlmAnswer, LlmClient, LlmRequest } from './llm-client';
import type { ChatMessage } from './messages';
import type { AssistantActions } from './actions';
import type { TasksService } from '../tasks/tasks.service';

const listCall = (id: string): LlmAnswer => ({
  content: '',
  toolCalls: [{ id, type: 'function', function: { name: 'list_tasks', arguments: '{}' } }],
});

/** An LLM that answers from a list (an Error is thrown) and records each request. */
function fakeLlm(answers: Array<LlmAnswer | Error>): LlmClient & { requests: LlmRequest[]; deadlines: unknown[] } {
  const requests: LlmRequest[] = [];
  const deadlines: unknown[] = [];
  return {
    requests,
    deadlines,
    async complete(request, call) {
      requests.push(structuredClone(request));
      deadlines.push(call?.deadline);
      const next = answers.shift();
      if (!next) throw new Error('no answer scripted');
      if (next instanceof Error) throw next;
      return next;
    },
  };
}

const emptyTasks: TasksService = {
  create: async () => {
    throw new Error('unused');
  },
  get: async () => {
    throw new Error('unused');
  },
  list: async () => ({ items: [] as Task[], nextCursor: null }),
  update: async () => {
    throw new Error('unused');
  },
  updateRecorded: async () => {
    throw new Error('unused');
  },
  remove: async () => {
    throw new Error('unused');
  },
};

const noActions: AssistantActions = {
  record: async () => {
    throw new Error('unused');
  },
  undo: async () => {
    throw new Error('unused');
  },
  undoLast: async () => {
    throw new Error('unused');
  },
  undoneIds: async () => new Set(),
};

class NeverThrown extends Error {}

function agentWith(llm: LlmClient, maxToolRounds = 2) {
  return createAgent({
    llm,
    assistantName: 'Ada',
    assistantInstructions: 'Be brief.',
    maxToolRounds,
    turnTimeoutMs: 60_000,
    metrics: createAssistantMetrics(new Registry()),
    isRejection: (error): error is Error => error instanceof NeverThrown,
    now: () => new Date('2026-11-26T10:00:00.000Z'),
  });
}

const turn = {
  userId: 'u1',
  conversationId: 'c0000000-0000-4000-8000-000000000001',
  tasks: emptyTasks,
  actions: noActions,
  history: [] as ChatMessage[],
  message: 'hello',
};

describe('createAgent', () => {
  it('when the model keeps calling tools, then the round after the last allowed one forces a text answer', async () => {
    const llm = fakeLlm([listCall('c1'), listCall('c2'), { content: 'Here is your list.', toolCalls: [] }]);

    const result = await agentWith(llm, 2).runTurn(turn);

    expect(llm.requests.map((r) => r.toolChoice)).toEqual(['auto', 'auto', 'none']);
    // One deadline for the whole turn, passed to every request.
    expect(new Set(llm.deadlines).size).toBe(1);
    expect(llm.deadlines[0]).toBeGreaterThan(Date.now() + 59_000);
    expect(result.reply).toBe('Here is your list.');
    expect(result.toolCalls).toHaveLength(2);
  });

  it('when the model still returns tool calls on the forced round, then they are not run and a fixed reply ends the turn', async () => {
    const llm = fakeLlm([listCall('c1'), listCall('c2')]);

    const result = await agentWith(llm, 1).runTurn(turn);

    expect(result.toolCalls).toHaveLength(1);
    expect(result.reply).toBe('I stopped after the maximum number of tool steps for one message. Ask me to continue if something is left.');
    expect(result.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
  });

  it('when the system prompt is built, then it carries the name, the instructions and today', async () => {
    const llm = fakeLlm([{ content: 'Hi', toolCalls: [] }]);

    await agentWith(llm).runTurn(turn);

    const system = llm.requests[0]!.messages[0]!;
    expect(system.role).toBe('system');
    expect(system.content).toMatch(/^You are Ada\. Be brief\.\n/);
    expect(system.content).toMatch(/\nToday is 2026-11-26\.$/);
  });

  it('when history is given, then it is sent between the system prompt and the new message', async () => {
    const llm = fakeLlm([{ content: 'Again hi', toolCalls: [] }]);
    const at = new Date('2026-11-26T09:00:00.000Z');
    const history: ChatMessage[] = [
      { role: 'user', content: 'earlier', toolCalls: null, toolCallId: null, createdAt: at },
      { role: 'assistant', content: 'earlier answer', toolCalls: null, toolCallId: null, createdAt: at },
    ];

    await agentWith(llm).runTurn({ ...turn, history });

    expect(llm.requests[0]!.messages.slice(1)).toEqual([
      { role: 'user', content: 'earlier' },
      { role: 'assistant', content: 'earlier answer' },
      { role: 'user', content: 'hello' },
    ]);
  });

  it('when the model fails after a tool round, then the error carries the turn up to that round', async () => {
    const timeout = new LlmTimeoutError('slow');
    const llm = fakeLlm([listCall('c1'), timeout]);

    const error = (await agentWith(llm)
      .runTurn(turn)
      .catch((e: unknown) => e)) as TurnFailedError;

    expect(error).toBeInstanceOf(TurnFailedError);
    expect(error.cause).toBe(timeout);
    expect(error.completed.map((m) => [m.role, m.toolCallId])).toEqual([
      ['user', null],
      ['assistant', null],
      ['tool', 'c1'],
    ]);
    expect(error.toolCalls).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        name: 'list_tasks',
        arguments: {},
        result: { tasks: [], nextCursor: null },
      },
    ]);
    // The stored tool message carries the same call (its id is what undo takes).
    expect(error.completed[2]!.toolCalls).toEqual(error.toolCalls);
  });

  it('when the model fails before any tool ran, then the plain error is thrown (nothing to keep)', async () => {
    const timeout = new LlmTimeoutError('slow');

    await expect(agentWith(fakeLlm([timeout])).runTurn(turn)).rejects.toBe(timeout);
  });

  it('when messages are produced within one millisecond, then their timestamps still strictly increase', async () => {
    const llm = fakeLlm([listCall('c1'), { content: 'ok', toolCalls: [] }]);

    const { messages } = await agentWith(llm).runTurn(turn);

    const times = messages.map((m) => m.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(times).size).toBe(times.length);
  });
});
