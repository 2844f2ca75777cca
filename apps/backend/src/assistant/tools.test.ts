import type { Task } from '@todo/contracts';
import { argumentsAsObject, runToolCall, toolSpecs, type TaskOperations } from './tools';

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

function fakeTasks(): TaskOperations & { calls: unknown[][] } {
  const calls: unknown[][] = [];
  return {
    calls,
    create: async (...args) => (calls.push(['create', ...args]), { ...milk, title: args[1].title }),
    get: async (...args) => {
      calls.push(['get', ...args]);
      if (args[1] !== milk.id) throw new FakeNotFound('task not found');
      return milk;
    },
    list: async (...args) => (calls.push(['list', ...args]), { items: [milk], nextCursor: null }),
    update: async (...args) => (calls.push(['update', ...args]), { ...milk, ...args[2] }),
    remove: async (...args) => {
      calls.push(['remove', ...args]);
    },
  };
}

describe('toolSpecs', () => {
  it('when listed, then there are exactly the five task tools with JSON schemas from the REST schemas', () => {
    expect(toolSpecs.map((spec) => spec.function.name)).toEqual([
      'add_task',
      'list_tasks',
      'update_task',
      'complete_task',
      'delete_task',
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
  const userId = 'user-1';

  it('when add_task has valid arguments, then the service creates the task for the calling user with defaults applied', async () => {
    const tasks = fakeTasks();

    const outcome = await runToolCall({ userId, tasks }, { name: 'add_task', arguments: '{"title":" Buy milk "}' }, isRejection);

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

    const outcome = await runToolCall({ userId, tasks }, { name: 'add_task', arguments: '{"title": "Buy' }, isRejection);

    expect(outcome).toEqual({ outcome: 'invalid_arguments', error: 'arguments are not valid JSON: {"title": "Buy' });
    expect(tasks.calls).toEqual([]);
  });

  it('when the arguments fail the schema, then nothing runs and every issue is named', async () => {
    const tasks = fakeTasks();

    const outcome = await runToolCall(
      { userId, tasks },
      { name: 'update_task', arguments: '{"id":"not-a-uuid","priority":"urgent"}' },
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
      { userId, tasks: fakeTasks() },
      { name: 'update_task', arguments: JSON.stringify({ id: milk.id }) },
      isRejection,
    );

    expect(outcome).toEqual({
      outcome: 'invalid_arguments',
      error: 'invalid arguments: (arguments): give at least one field to change besides id',
    });
  });

  it('when the tool is unknown, then the model is told which tools exist', async () => {
    const outcome = await runToolCall({ userId, tasks: fakeTasks() }, { name: 'drop_database', arguments: '{}' }, isRejection);

    expect(outcome).toEqual({
      outcome: 'unknown_tool',
      error: 'unknown tool "drop_database"; the tools are add_task, list_tasks, update_task, complete_task, delete_task',
    });
  });

  it('when the service rejects the call (not found), then it is a tool error, not a thrown error', async () => {
    const outcome = await runToolCall(
      { userId, tasks: fakeTasks() },
      { name: 'delete_task', arguments: JSON.stringify({ id: '00000000-0000-4000-8000-000000000000' }) },
      isRejection,
    );

    expect(outcome).toEqual({ outcome: 'rejected', error: 'task not found' });
  });

  it('when the service fails otherwise, then the error propagates and fails the turn', async () => {
    const tasks = fakeTasks();
    tasks.list = async () => {
      throw new Error('connection refused');
    };

    await expect(runToolCall({ userId, tasks }, { name: 'list_tasks', arguments: '' }, isRejection)).rejects.toThrow(
      'connection refused',
    );
  });

  it('when complete_task runs, then the service sets completed on that id only', async () => {
    const tasks = fakeTasks();

    await runToolCall({ userId, tasks }, { name: 'complete_task', arguments: JSON.stringify({ id: milk.id }) }, isRejection);

    expect(tasks.calls).toEqual([['update', 'user-1', milk.id, { completed: true }]]);
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
