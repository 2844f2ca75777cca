import type { ChatResponse, ErrorBody, MessageList, Task, TaskResponse, UndoResponse } from '@todo/contracts';
import { llmReply } from '@todo/testkit/scripted-llm-server';
import request from 'supertest';
import type { App } from '../app';
import { useAssistantRouteSuite } from './testing/assistant-suite';

const suite = useAssistantRouteSuite('undo-user');

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

async function chat(token: string, message: string, conversationId?: string, target: App = suite.app): Promise<ChatResponse> {
  const response = await request(target)
    .post('/api/v1/chat')
    .set(auth(token))
    .send({ message, ...(conversationId ? { conversationId } : {}) });
  expect(response.status).toBe(200);
  return response.body as ChatResponse;
}

function undo(token: string, conversationId: string, toolCallId: string, target: App = suite.app) {
  return request(target).post(`/api/v1/conversations/${conversationId}/tool-calls/${toolCallId}/undo`).set(auth(token));
}

async function createTask(token: string, body: Record<string, unknown>): Promise<Task> {
  return ((await request(suite.app).post('/api/v1/tasks').set(auth(token)).send(body).expect(201)).body as TaskResponse).task;
}

const taskRow = (id: string) => suite.db.prisma.task.findUnique({ where: { id } });

/** One turn in which the model calls one tool, then answers. */
async function turnWith(token: string, tool: string, args: unknown, conversationId?: string) {
  suite.llm.push(llmReply.toolCall(tool, args), llmReply.text('Done.'));
  const response = await chat(token, `please ${tool}`, conversationId);
  expect(response.toolCalls).toHaveLength(1);
  return { conversationId: response.conversationId, call: response.toolCalls[0]! };
}

describe('POST /api/v1/conversations/:id/tool-calls/:toolCallId/undo', () => {
  it('when an added task is undone, then it is deleted, a second undo changes nothing, and the call reads as undone', async () => {
    const { token } = await suite.newUser();
    const { conversationId, call } = await turnWith(token, 'add_task', { title: 'Buy milk' });
    const taskId = (call as { result: { task: { id: string } } }).result.task.id;

    const first = await undo(token, conversationId, call.id);
    const second = await undo(token, conversationId, call.id);

    const expected: UndoResponse = { undone: { toolCallId: call.id, name: 'add_task', task: { id: taskId, title: 'Buy milk' } } };
    expect([first.status, first.body]).toEqual([200, expected]);
    expect([second.status, second.body]).toEqual([200, expected]);
    expect(await taskRow(taskId)).toBeNull();
    const messages = (await request(suite.app).get(`/api/v1/conversations/${conversationId}/messages`).set(auth(token)).expect(200))
      .body as MessageList;
    expect(messages.items.map((m) => m.toolCalls?.map((c) => ('undone' in c ? [c.id, c.undone] : null)) ?? null)).toEqual([
      null,
      [[call.id, true]],
      [[call.id, true]],
      null,
    ]);
  });

  it('when an update is undone, then every field it changed gets its previous value', async () => {
    const { token } = await suite.newUser();
    const task = await createTask(token, { title: 'Pay rent', priority: 'low', description: 'by transfer' });
    const { conversationId, call } = await turnWith(token, 'update_task', {
      id: task.id,
      title: 'Pay the rent',
      priority: 'high',
      description: null,
      dueDate: '2026-12-24T09:00:00.000Z',
    });

    await undo(token, conversationId, call.id).expect(200);

    expect(await taskRow(task.id)).toMatchObject({
      title: 'Pay rent',
      priority: 'low',
      description: 'by transfer',
      dueDate: null,
      completed: false,
    });
  });

  it('when a completion is undone, then the task is open again', async () => {
    const { token } = await suite.newUser();
    const task = await createTask(token, { title: 'Call mom' });
    const { conversationId, call } = await turnWith(token, 'complete_task', { id: task.id });
    expect((await taskRow(task.id))?.completed).toBe(true);

    const response = await undo(token, conversationId, call.id);

    expect(response.body).toEqual({ undone: { toolCallId: call.id, name: 'complete_task', task: { id: task.id, title: 'Call mom' } } });
    expect((await taskRow(task.id))?.completed).toBe(false);
  });

  it('when a deletion is undone, then the task comes back with its id, fields and timestamps', async () => {
    const { token, userId } = await suite.newUser();
    const task = await createTask(token, { title: 'Water plants', priority: 'high', dueDate: '2026-12-01T08:00:00.000Z' });
    await request(suite.app).patch(`/api/v1/tasks/${task.id}`).set(auth(token)).send({ completed: true }).expect(200);
    const before = await taskRow(task.id);
    const { conversationId, call } = await turnWith(token, 'delete_task', { id: task.id });
    expect(await taskRow(task.id)).toBeNull();

    await undo(token, conversationId, call.id).expect(200);

    expect(await taskRow(task.id)).toEqual(before);
    expect(before).toMatchObject({ userId, title: 'Water plants', completed: true, priority: 'high' });
    const fetched = await request(suite.app).get(`/api/v1/tasks/${task.id}`).set(auth(token)).expect(200);
    expect((fetched.body as TaskResponse).task.updatedAt).toBe(before!.updatedAt.toISOString());
  });

  it('when the task was edited after the action, then 409 names the changed fields and nothing is undone', async () => {
    const { token } = await suite.newUser();
    const { conversationId, call } = await turnWith(token, 'add_task', { title: 'Book dentist' });
    const taskId = (call as { result: { task: { id: string } } }).result.task.id;
    await request(suite.app)
      .patch(`/api/v1/tasks/${taskId}`)
      .set(auth(token))
      .send({ title: 'Book the dentist', priority: 'high' })
      .expect(200);

    const response = await undo(token, conversationId, call.id);

    expect(response.status).toBe(409);
    expect(response.body as ErrorBody).toEqual({
      error: {
        code: 'conflict',
        message: "Task “Book dentist” changed after the assistant's action (title, priority); undoing it would overwrite that",
        details: { changed: ['title', 'priority'] },
      },
    });
    expect(await taskRow(taskId)).toMatchObject({ title: 'Book the dentist', priority: 'high' });
    // Still undoable once the person puts it back as the assistant left it.
    await request(suite.app)
      .patch(`/api/v1/tasks/${taskId}`)
      .set(auth(token))
      .send({ title: 'Book dentist', priority: 'medium' })
      .expect(200);
    await undo(token, conversationId, call.id).expect(200);
    expect(await taskRow(taskId)).toBeNull();
  });

  it('when the task was deleted after a completion, then 409 says it was deleted', async () => {
    const { token } = await suite.newUser();
    const task = await createTask(token, { title: 'Recycle' });
    const { conversationId, call } = await turnWith(token, 'complete_task', { id: task.id });
    await request(suite.app).delete(`/api/v1/tasks/${task.id}`).set(auth(token)).expect(204);

    const response = await undo(token, conversationId, call.id);

    expect(response.status).toBe(409);
    expect((response.body as ErrorBody).error).toMatchObject({ code: 'conflict', details: { changed: ['deleted'] } });
    expect((response.body as ErrorBody).error.message).toBe(
      "Task “Recycle” was deleted after the assistant's action, so it cannot be undone",
    );
  });

  it("when the ids are another user's, unknown or not ids at all, then 404 and nothing changes", async () => {
    const owner = await suite.newUser();
    const intruder = await suite.newUser();
    const { conversationId, call } = await turnWith(owner.token, 'add_task', { title: 'Private' });
    const taskId = (call as { result: { task: { id: string } } }).result.task.id;

    const responses = await Promise.all([
      undo(intruder.token, conversationId, call.id),
      undo(owner.token, conversationId, '00000000-0000-4000-8000-000000000000'),
      undo(owner.token, '00000000-0000-4000-8000-000000000000', call.id),
      undo(owner.token, conversationId, 'call_1'),
      undo(owner.token, 'not-a-conversation', call.id),
    ]);

    const notFound = (conversation: string, toolCall: string) => [
      404,
      'not_found',
      `Tool call ${toolCall} not found in conversation ${conversation}`,
    ];
    expect(responses.map((r) => [r.status, (r.body as ErrorBody).error.code, (r.body as ErrorBody).error.message])).toEqual([
      notFound(conversationId, call.id),
      notFound(conversationId, '00000000-0000-4000-8000-000000000000'),
      notFound('00000000-0000-4000-8000-000000000000', call.id),
      notFound(conversationId, 'call_1'),
      notFound('not-a-conversation', call.id),
    ]);
    expect(await taskRow(taskId)).not.toBeNull();
    await request(suite.app).post(`/api/v1/conversations/${conversationId}/tool-calls/${call.id}/undo`).expect(401);
  });

  it('when the undo goes to another replica after a restart, then it works from the database alone', async () => {
    const { token } = await suite.newUser();
    const { conversationId, call } = await turnWith(token, 'add_task', { title: 'Survives restarts' });
    const taskId = (call as { result: { task: { id: string } } }).result.task.id;

    await undo(token, conversationId, call.id, suite.replica()).expect(200);

    expect(await taskRow(taskId)).toBeNull();
  });
});

describe('the undo_last_action tool', () => {
  /** A turn where the model calls undo_last_action once; returns what the tool answered. */
  async function undoLastTurn(token: string, conversationId: string, target: App = suite.app) {
    suite.llm.push(llmReply.toolCall('undo_last_action', {}), llmReply.text('Undone.'));
    const response = await chat(token, 'undo that', conversationId, target);
    return response.toolCalls[0]!;
  }

  it('when the model undoes step by step, then delete, completion, update and add are reversed newest first', async () => {
    const { token } = await suite.newUser();
    const added = await turnWith(token, 'add_task', { title: 'Plan trip' });
    const { conversationId } = added;
    const taskId = (added.call as { result: { task: { id: string } } }).result.task.id;
    const updated = await turnWith(token, 'update_task', { id: taskId, title: 'Plan the trip' }, conversationId);
    const completed = await turnWith(token, 'complete_task', { id: taskId }, conversationId);
    const deleted = await turnWith(token, 'delete_task', { id: taskId }, conversationId);

    const undoDelete = await undoLastTurn(token, conversationId);
    expect(await taskRow(taskId)).toMatchObject({ title: 'Plan the trip', completed: true });
    const undoComplete = await undoLastTurn(token, conversationId);
    expect(await taskRow(taskId)).toMatchObject({ title: 'Plan the trip', completed: false });
    const undoUpdate = await undoLastTurn(token, conversationId);
    expect(await taskRow(taskId)).toMatchObject({ title: 'Plan trip', completed: false });
    const undoAdd = await undoLastTurn(token, conversationId);
    expect(await taskRow(taskId)).toBeNull();
    const nothingLeft = await undoLastTurn(token, conversationId);

    const task = { id: taskId };
    expect([undoDelete, undoComplete, undoUpdate, undoAdd].map((call) => ('result' in call ? call.result : call))).toEqual([
      { undone: { toolCallId: deleted.call.id, name: 'delete_task', task: { ...task, title: 'Plan the trip' } } },
      { undone: { toolCallId: completed.call.id, name: 'complete_task', task: { ...task, title: 'Plan the trip' } } },
      { undone: { toolCallId: updated.call.id, name: 'update_task', task: { ...task, title: 'Plan trip' } } },
      { undone: { toolCallId: added.call.id, name: 'add_task', task: { ...task, title: 'Plan trip' } } },
    ]);
    expect(nothingLeft).toMatchObject({
      name: 'undo_last_action',
      error: 'There is no action of the assistant left to undo in this conversation',
    });
  });

  it('when another conversation made the last change, then undo_last_action only looks at its own conversation', async () => {
    const { token } = await suite.newUser();
    const first = await turnWith(token, 'add_task', { title: 'First conversation task' });
    const second = await turnWith(token, 'add_task', { title: 'Second conversation task' });
    const firstTaskId = (first.call as { result: { task: { id: string } } }).result.task.id;
    const secondTaskId = (second.call as { result: { task: { id: string } } }).result.task.id;

    await undoLastTurn(token, first.conversationId);

    expect(await taskRow(firstTaskId)).toBeNull();
    expect(await taskRow(secondTaskId)).not.toBeNull();
  });

  it('when the chip was already undone through the API, then the tool skips it and the turn on another replica says nothing is left', async () => {
    const { token } = await suite.newUser();
    const { conversationId, call } = await turnWith(token, 'add_task', { title: 'Once' });
    await undo(token, conversationId, call.id).expect(200);

    expect(await undoLastTurn(token, conversationId, suite.replica())).toMatchObject({ error: expect.stringContaining('no action') });
  });
});
