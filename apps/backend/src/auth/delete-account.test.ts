import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createTestApp, type TestApp } from '../testing/test-app';

let t: TestApp;
const api = () => request(t.app);
const password = 'correct horse battery';

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t.db.close();
});

interface Account {
  id: string;
  email: string;
  token: string;
}

/** A user with two tasks, a conversation with two messages, an assistant action and a second session. */
async function accountWithData(email: string): Promise<Account & { secondToken: string }> {
  const signup = await api().post('/api/v1/auth/signup').send({ email, password });
  expect(signup.status).toBe(201);
  const { user, token } = signup.body as { user: { id: string }; token: string };
  const auth = { authorization: `Bearer ${token}` };
  const task = await api()
    .post('/api/v1/tasks')
    .set(auth)
    .send({ title: `${email} one` });
  await api()
    .post('/api/v1/tasks')
    .set(auth)
    .send({ title: `${email} two` });
  const conversation = await t.db.prisma.conversation.create({
    data: {
      userId: user.id,
      title: 'Plans',
      messages: {
        create: [
          { role: 'user', content: 'add milk' },
          { role: 'assistant', content: 'Added.' },
        ],
      },
    },
  });
  await t.db.prisma.assistantAction.create({
    data: { id: randomUUID(), userId: user.id, conversationId: conversation.id, tool: 'add_task', taskId: task.body.task.id },
  });
  const login = await api().post('/api/v1/auth/login').send({ email, password });
  return { id: user.id, email, token, secondToken: login.body.token as string };
}

/** Row counts of everything a user can own, for one user id. */
async function owned(userId: string) {
  const p = t.db.prisma;
  const conversations = await p.conversation.findMany({ where: { userId }, select: { id: true } });
  return {
    users: await p.user.count({ where: { id: userId } }),
    tasks: await p.task.count({ where: { userId } }),
    conversations: conversations.length,
    messages: await p.message.count({ where: { conversation: { userId } } }),
    sessions: await p.session.count({ where: { userId } }),
    assistantActions: await p.assistantAction.count({ where: { userId } }),
  };
}

describe('DELETE /api/v1/auth/me', () => {
  it('when the owner deletes the account, then 204 and the user, tasks, conversations, messages, sessions and actions are gone; others keep theirs', async () => {
    const ada = await accountWithData('ada-delete@example.com');
    const bob = await accountWithData('bob-keep@example.com');
    const everything = { users: 1, tasks: 2, conversations: 1, messages: 2, sessions: 2, assistantActions: 1 };
    expect([await owned(ada.id), await owned(bob.id)]).toEqual([everything, everything]);

    const res = await api().delete('/api/v1/auth/me').set('authorization', `Bearer ${ada.token}`).send({ currentPassword: password });

    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(await owned(ada.id)).toEqual({ users: 0, tasks: 0, conversations: 0, messages: 0, sessions: 0, assistantActions: 0 });
    expect(await owned(bob.id)).toEqual(everything);
  });

  it('when the account is deleted, then every token of it is refused and the email can sign up again', async () => {
    const eve = await accountWithData('eve-delete@example.com');

    await api().delete('/api/v1/auth/me').set('authorization', `Bearer ${eve.token}`).send({ currentPassword: password }).expect(204);

    for (const token of [eve.token, eve.secondToken]) {
      const me = await api().get('/api/v1/auth/me').set('authorization', `Bearer ${token}`);
      const again = await api().delete('/api/v1/auth/me').set('authorization', `Bearer ${token}`).send({ currentPassword: password });
      expect([me.status, again.status]).toEqual([401, 401]);
    }
    const signup = await api().post('/api/v1/auth/signup').send({ email: 'eve-delete@example.com', password });
    expect(signup.status).toBe(201);
    expect(signup.body.user.id).not.toBe(eve.id);
  });

  it('when the current password is wrong or missing, then nothing is deleted (403 forbidden, 422 naming the field)', async () => {
    const kim = await accountWithData('kim-keep@example.com');
    const everything = await owned(kim.id);
    const auth = { authorization: `Bearer ${kim.token}` };

    const wrong = await api().delete('/api/v1/auth/me').set(auth).send({ currentPassword: 'not the password' });
    const missing = await api().delete('/api/v1/auth/me').set(auth).send({});

    expect(wrong.status).toBe(403);
    expect(wrong.body).toEqual({ error: { code: 'forbidden', message: 'The current password is not correct' } });
    expect(missing.status).toBe(422);
    expect(missing.body.error).toMatchObject({
      code: 'validation_failed',
      details: [expect.objectContaining({ path: 'currentPassword' })],
    });
    expect(await owned(kim.id)).toEqual(everything);
    await api().get('/api/v1/auth/me').set(auth).expect(200);
  });

  it("when a stolen session guesses the password, then the guesses share the account's log-in budget and end in 429", async () => {
    const lee = await accountWithData('lee-keep@example.com');
    // A replica of the same app with the production-like budget of 3 attempts per account.
    const { app: strict } = await createTestApp({ db: t.db, env: { LOGIN_ATTEMPTS_PER_ACCOUNT: '3' } });
    const statuses: number[] = [];
    for (let guess = 0; guess < 4; guess += 1) {
      const res = await request(strict)
        .delete('/api/v1/auth/me')
        .set('authorization', `Bearer ${lee.token}`)
        .send({ currentPassword: `guess ${guess}` });
      statuses.push(res.status);
    }
    const rightPasswordTooLate = await request(strict)
      .delete('/api/v1/auth/me')
      .set('authorization', `Bearer ${lee.token}`)
      .send({ currentPassword: password });

    expect(statuses).toEqual([403, 403, 403, 429]);
    expect(rightPasswordTooLate.status).toBe(429);
    expect((await owned(lee.id)).users).toBe(1);
  });

  it('when there is no token, then 401 and nothing is deleted', async () => {
    const usersBefore = await t.db.prisma.user.count();

    const res = await api().delete('/api/v1/auth/me').send({ currentPassword: password });

    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: 'unauthorized', message: 'Authentication required' } });
    expect(await t.db.prisma.user.count()).toBe(usersBefore);
  });

  it('when the OpenAPI document is served, then it lists DELETE /api/v1/auth/me answering 204 with the bearer token', async () => {
    const res = await api().get('/api/v1/openapi.json');

    const operation = res.body.paths['/api/v1/auth/me'].delete;
    expect(Object.keys(operation.responses)).toContain('204');
    expect(operation.security).toEqual([{ bearerAuth: [] }]);
  });
});
