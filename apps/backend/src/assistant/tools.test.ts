import type { Task } from '@todo/contracts';
import type { TasksService } from '../tasks/tasks.service';
import type { AssistantActions, TaskChange } from './actions';
import { argumentsAsObject, isValidToolCall, runToolCall, toToolCall, toolSpecs, type ToolContext } from './tools';

class FakeNotFound extends Error {}
const isRejection = (error: unknown): error is Error => error instanceof FakeNotFound;

const milk: Task = {
  id: '6f1c2a3e-1b2c-4d5e-8f90-123456789abc',
  title: 'Buy milk',
  description: null,
  completed: false,
  priority: 'medium',
  dueDate: null,
  createdAt: '2026-11-26T00:00:00.000Z',
  updatedAt: '2026-11-26T00:00:00.000Z',
};

function fakeTasks(): TasksService & { calls: unknown[][] } {
  const calls: unknown[][] = [];
  return {
    calls,
    create: async (...args: Parameters<TasksService['create']>) => (calls.push(['create', ...args]), { ...milk, title: args[1].title }),
    get: async (...args: Parameters<TasksService['get']>) => {
      calls.push(['get', ...args]);
      if (args[1] !== milk.id) throw new FakeNotFound('task not found');
      return milk;
    },
    list: async (...args: Parameters<TasksService['list']>) => (calls.push(['list', ...args]), { items: [milk], nextCursor: null }),
    update: async (...args: Parameters<TasksService['update']>) => (calls.push(['update', ...args]), { ...milk, ...args[2] }),
    updateRecorded: async (...args: Parameters<TasksService['updateRecorded']>) => {
      calls.push(['updateRecorded', ...args]);
      if (args[1] !== milk.id) throw new FakeNotFound('task not found');
      return { before: milk, after: { ...milk, ...args[2] } };
    },
    remove: async (...args: Parameters<TasksService['remove']>) => {
      calls.push(['remove', ...args]);
      if (args[1] !== milk.id) throw new FakeNotFound('task not found');
      return milk;
    },
  };
}

/** Records what the tools asked to store for undo; `undoLast` answers one fixed action. */
function fakeActions(): AssistantActions & { recorded: Array<[string, string, string, TaskChange]> } {
  const recorded: Array<[string, string, string, TaskChange]> = [];
  return {
    recorded,
    record: async (...args) => {
      recorded.push(args);
    },
    undo: async () => {
      throw new Error('unused');
    },
    undoLast: async (userId, conversationId) => ({
      toolCallId: `last-of-${userId}-${conversationId}`,
      name: 'add_task',
      task: { id: milk.id, title: milk.title },
    }),
    undoneIds: async () => new Set(),
  };
}

const conversationId = 'c0000000-0000-4000-8000-000000000001';
const context = (tasks: TasksService, actions = fakeActions()): ToolContext => ({ userId, conversationId, tasks, actions });
const userId = 'user-1';

describe('toolSpecs', () => {
  it('when listed, then there are exactly the five task tools and undo, with JSON schemas from the REST schemas', () => {
    expect(toolSpecs.map((spec) => spec.function.name)).toEqual([
      'add_task',
      'list_tasks',
      'update_task',
      'complete_task',
      'delete_task',
      'undo_last_action',
    ]);
    const addTask = toolSpecs[0]!.function.parameters;
    expect(addTask).toMatchObject({
      type: 'object',
      required: ['title'],
      additionalProperties: false,
      properties: { title: { type: 'string', minLength: 1, maxLength: 200 } },
    });
    expect(addTask).not.toHaveProperty('$schema');
    expect(toolSpecs[4]!.function.parameters).toEqual({
      type: 'object',
      properties: {
        id: { type: 'string', format: 'uuid', description: 'The id of the task, as returned by list_tasks or add_task.' },
      },
      required: ['id'],
      additionalProperties: false,
    });
  });
});

describe('runToolCall', () => {
  it('when add_task has valid arguments, then the service creates the task for the calling user with defaults applied', async () => {
    const tasks = fakeTasks();

    const outcome = await runToolCall(context(tasks), { id: 'call-1', name: 'add_task', arguments: '{"title":" Buy milk "}' }, isRejection);

    expect(tasks.calls).toEqual([['create', 'user-1', { title: 'Buy milk', priority: 'medium' }]]);
    expect(outcome).toEqual({
      outcome: 'ok',
      result: {
        task: { id: milk.id, title: 'Buy milk', description: null, completed: false, priority: 'medium', dueDate: null },
      },
    });
  });

  it('when the arguments are not JSON, then nothing runs and the model gets an invalid_arguments error', async () => {
    const tasks = fakeTasks();

    const outcome = await runToolCall(context(tasks), { id: 'call-1', name: 'add_task', arguments: '{"title": "Buy' }, isRejection);

    expect(outcome).toEqual({ outcome: 'invalid_arguments', error: 'arguments are not valid JSON: {"title": "Buy' });
    expect(tasks.calls).toEqual([]);
  });

  it('when the arguments fail the schema, then nothing runs and every issue is named', async () => {
    const tasks = fakeTasks();

    const outcome = await runToolCall(
      context(tasks),
      { id: 'call-1', name: 'update_task', arguments: '{"id":"not-a-uuid","priority":"urgent"}' },
      isRejection,
    );

    expect(outcome).toEqual({
      outcome: 'invalid_arguments',
      error: expect.stringMatching(/^invalid arguments: id: .+; priority: .+$/),
    });
    expect(tasks.calls).toEqual([]);
  });

  it('when update_task gives only an id, then it is refused as changing nothing', async () => {
    const outcome = await runToolCall(
      context(fakeTasks()),
      { id: 'call-1', name: 'update_task', arguments: JSON.stringify({ id: milk.id }) },
      isRejection,
    );

    expect(outcome).toEqual({
      outcome: 'invalid_arguments',
      error: 'invalid arguments: (arguments): give at least one field to change besides id',
    });
  });

  it('when the tool is unknown, then the model is told which tools exist', async () => {
    const outcome = await runToolCall(context(fakeTasks()), { id: 'call-1', name: 'drop_database', arguments: '{}' }, isRejection);

    expect(outcome).toEqual({
      outcome: 'unknown_tool',
      error: 'unknown tool "drop_database"; the tools are add_task, list_tasks, update_task, complete_task, delete_task, undo_last_action',
    });
  });

  it('when the service rejects the call (not found), then it is a tool error, not a thrown error', async () => {
    const outcome = await runToolCall(
      context(fakeTasks()),
      { id: 'call-1', name: 'delete_task', arguments: JSON.stringify({ id: '00000000-0000-4000-8000-000000000000' }) },
      isRejection,
    );

    expect(outcome).toEqual({ outcome: 'rejected', error: 'task not found' });
  });

  it('when the service fails otherwise, then the error propagates and fails the turn', async () => {
    const tasks = fakeTasks();
    tasks.list = async () => {
      throw new Error('connection refused');
    };

    await expect(runToolCall(context(tasks), { id: 'call-1', name: 'list_tasks', arguments: '' }, isRejection)).rejects.toThrow(
      'connection refused',
    );
  });

  it('when complete_task runs, then the service sets completed on that id only, in one recorded update', async () => {
    const tasks = fakeTasks();

    await runToolCall(context(tasks), { id: 'call-1', name: 'complete_task', arguments: JSON.stringify({ id: milk.id }) }, isRejection);

    expect(tasks.calls).toEqual([['updateRecorded', 'user-1', milk.id, { completed: true }]]);
  });

  it.each([
    ['add_task', { title: 'Buy milk' }, null, { ...milk }],
    ['update_task', { id: milk.id, title: 'Buy oat milk' }, milk, { ...milk, title: 'Buy oat milk' }],
    ['complete_task', { id: milk.id }, milk, { ...milk, completed: true }],
    ['delete_task', { id: milk.id }, milk, null],
  ] as const)(
    'when %s succeeds, then the task before and after it is recorded for undo under the call id',
    async (name, args, before, after) => {
      const actions = fakeActions();

      const outcome = await runToolCall(
        context(fakeTasks(), actions),
        { id: 'call-7', name, arguments: JSON.stringify(args) },
        isRejection,
      );

      expect(outcome.outcome).toBe('ok');
      expect(actions.recorded).toEqual([['user-1', conversationId, 'call-7', { tool: name, before, after }]]);
    },
  );

  it('when a call is refused or only reads, then nothing is recorded for undo', async () => {
    const actions = fakeActions();
    const missing = JSON.stringify({ id: '00000000-0000-4000-8000-000000000000' });

    await runToolCall(context(fakeTasks(), actions), { id: 'c1', name: 'delete_task', arguments: missing }, isRejection);
    await runToolCall(context(fakeTasks(), actions), { id: 'c2', name: 'list_tasks', arguments: '{}' }, isRejection);

    expect(actions.recorded).toEqual([]);
  });

  it('when undo_last_action runs, then it undoes the last action of this user in this conversation', async () => {
    const outcome = await runToolCall(context(fakeTasks()), { id: 'c1', name: 'undo_last_action', arguments: '' }, isRejection);

    expect(outcome).toEqual({
      outcome: 'ok',
      result: { undone: { toolCallId: `last-of-user-1-${conversationId}`, name: 'add_task', task: { id: milk.id, title: 'Buy milk' } } },
    });
  });
});

describe('toToolCall', () => {
  it('when a task-changing call succeeded, then it is reported with its id, result and undone: false', () => {
    expect(
      toToolCall('id-1', 'delete_task', `{"id":"${milk.id}"}`, { outcome: 'ok', result: { deleted: { id: milk.id, title: 'Buy milk' } } }),
    ).toEqual({
      id: 'id-1',
      name: 'delete_task',
      arguments: { id: milk.id },
      result: { deleted: { id: milk.id, title: 'Buy milk' } },
      undone: false,
    });
  });

  it('when a call failed or only read, then it has no undone flag', () => {
    expect(toToolCall('id-2', 'add_task', '{', { outcome: 'invalid_arguments', error: 'bad' })).toEqual({
      id: 'id-2',
      name: 'add_task',
      arguments: {},
      error: 'bad',
    });
    expect(toToolCall('id-3', 'list_tasks', '', { outcome: 'ok', result: { tasks: [], nextCursor: null } })).toEqual({
      id: 'id-3',
      name: 'list_tasks',
      arguments: {},
      result: { tasks: [], nextCursor: null },
    });
  });
});

describe('isValidToolCall', () => {
  it.each([
    [{ name: 'add_task', arguments: '{"title":"Buy milk"}' }, true],
    [{ name: 'add_task', arguments: '{"title":""}' }, false],
    [{ name: 'add_task', arguments: '{"title": ' }, false],
    [{ name: 'drop_database', arguments: '{}' }, false],
  ])('when the call is %j, then it is valid: %s', (call, valid) => {
    expect(isValidToolCall(call)).toBe(valid);
  });
});

describe('argumentsAsObject', () => {
  it.each([
    ['{"title":"x"}', { title: 'x' }],
    ['', {}],
    ['not json', {}],
    ['[1,2]', {}],
  ])('when the raw arguments are %j, then the object is %j', (raw, expected) => {
    expect(argumentsAsObject(raw)).toEqual(expected);
  });
});
