/**
 * Auth fault test: forged, tampered, expired and wrong-algorithm tokens are rejected everywhere with
 * 401 unauthorized; and one user can never read or change another user's tasks or conversations,
 * checked with fast-check over a mix of the victim's real ids and random ones (404, never 403).
 */
import fc from 'fast-check';
import { generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { llmReply, startScriptedLlmServer, type ScriptedLlmServer } from '@todo/testkit/scripted-llm-server';
import { createTestApp, testJwtSecret, type TestApp } from '../testing/test-app';
import { errorOf, listen, type RawRequest, type RawResponse } from './raw-http';

const issuer = 'todo-backend';
const realKey = new TextEncoder().encode(testJwtSecret);
const otherKey = new TextEncoder().encode('another-secret-that-is-also-at-least-32-characters');
const now = () => Math.floor(Date.now() / 1000);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const sessionIdOf = (token: string) =>
  (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sid: string }).sid;

/** A token as the backend would issue it, but for a session id that was never started (unless given). */
const sign = (
  alg: string,
  key: Parameters<SignJWT['sign']>[0],
  sub: string,
  claims: { iss?: string; iat?: number; exp?: number; sid?: string } = {},
) =>
  new SignJWT({ sid: claims.sid ?? randomUUID() })
    .setProtectedHeader({ alg, typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(claims.iss ?? issuer)
    .setIssuedAt(claims.iat ?? now())
    .setExpirationTime(claims.exp ?? now() + 3600)
    .sign(key);

type Client = Awaited<ReturnType<typeof listen>>;
interface Account {
  id: string;
  token: string;
  headers: Record<string, string>;
}

describe('auth fault test', () => {
  let testApp: TestApp;
  let llm: ScriptedLlmServer;
  let client: Client;
  let alice: Account;
  let bob: Account;
  const aliceTaskIds: string[] = [];
  let aliceConversationId = '';

  const send = (request: RawRequest) => client.send(request);
  const json = <T>(response: RawResponse) => JSON.parse(response.text) as T;

  async function signUp(email: string): Promise<Account> {
    const response = await send({
      method: 'POST',
      path: '/api/v1/auth/signup',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'fault-password-1' }),
    });
    const { user, token } = json<{ user: { id: string }; token: string }>(response);
    return { id: user.id, token, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } };
  }

  beforeAll(async () => {
    llm = await startScriptedLlmServer({ whenEmpty: llmReply.text('Done.') });
    testApp = await createTestApp({
      env: { LLM_PROVIDER: 'groq', GROQ_API_KEY: 'gsk_fault', GROQ_BASE_URL: llm.url, LOG_LEVEL: 'silent' },
      deps: { assistantLimits: { maxAttempts: 1 } },
    });
    client = await listen(testApp.app);
    alice = await signUp('alice@example.com');
    bob = await signUp('bob@example.com');
    for (const title of ['Pay rent', 'Call mum', 'Renew passport']) {
      const response = await send({ method: 'POST', path: '/api/v1/tasks', headers: alice.headers, body: JSON.stringify({ title }) });
      aliceTaskIds.push(json<{ task: { id: string } }>(response).task.id);
    }
    const chat = await send({
      method: 'POST',
      path: '/api/v1/chat',
      headers: alice.headers,
      body: JSON.stringify({ message: 'Private note' }),
    });
    aliceConversationId = json<{ conversationId: string }>(chat).conversationId;
  });

  afterAll(async () => {
    await client?.close();
    await testApp?.db.close();
    await llm?.close();
  });

  describe('tokens', () => {
    const protectedRequests = (token: string): RawRequest[] => {
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
      return [
        { method: 'GET', path: '/api/v1/auth/me', headers },
        { method: 'GET', path: '/api/v1/tasks', headers },
        { method: 'POST', path: '/api/v1/tasks', headers, body: JSON.stringify({ title: 'forged' }) },
        { method: 'GET', path: `/api/v1/tasks/${aliceTaskIds[0]}`, headers },
        { method: 'GET', path: '/api/v1/conversations', headers },
        { method: 'POST', path: '/api/v1/chat', headers, body: JSON.stringify({ message: 'hi' }) },
      ];
    };

    const forged: Array<{ name: string; token: () => Promise<string>; message?: string }> = [
      {
        name: 'expired',
        token: () => sign('HS256', realKey, alice.id, { iat: now() - 7200, exp: now() - 3600 }),
        message: 'The token has expired',
      },
      {
        name: 'unsigned (alg none)',
        token: async () => new UnsecuredJWT({}).setSubject(alice.id).setIssuer(issuer).setIssuedAt().setExpirationTime('1h').encode(),
      },
      {
        name: 'alg none with the real signature kept',
        token: async () => {
          const [, payload, signature] = alice.token.split('.');
          return `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.${signature}`;
        },
      },
      { name: 'HS512 with another key', token: () => sign('HS512', otherKey, alice.id) },
      { name: 'HS256 with another key', token: () => sign('HS256', otherKey, alice.id) },
      { name: 'HS512 with the real key (algorithm not allowed)', token: () => sign('HS512', realKey, alice.id) },
      { name: 'HS384 with the real key (algorithm not allowed)', token: () => sign('HS384', realKey, alice.id) },
      {
        name: 'RS256 with an attacker key pair',
        token: async () => sign('RS256', (await generateKeyPair('RS256')).privateKey, alice.id),
      },
      {
        name: "payload swapped for another user's, signature kept",
        token: async () => {
          const [header, , signature] = alice.token.split('.');
          return `${header}.${b64({ sub: bob.id, iss: issuer, iat: now(), exp: now() + 3600 })}.${signature}`;
        },
      },
      {
        name: 'signature altered',
        token: async () => {
          const [header, payload, signature = ''] = alice.token.split('.');
          const middle = Math.floor(signature.length / 2);
          const flipped = signature[middle] === 'A' ? 'B' : 'A';
          return `${header}.${payload}.${signature.slice(0, middle)}${flipped}${signature.slice(middle + 1)}`;
        },
      },
      { name: 'wrong issuer', token: () => sign('HS256', realKey, alice.id, { iss: 'someone-else' }) },
      {
        name: 'valid signature for a user that does not exist',
        token: () => sign('HS256', realKey, randomUUID()),
        message: 'The session has ended; log in again',
      },
      {
        name: 'valid signature for a real user and a session never started',
        token: () => sign('HS256', realKey, alice.id),
        message: 'The session has ended; log in again',
      },
      {
        name: "valid signature for another user with alice's session id",
        token: () => sign('HS256', realKey, bob.id, { sid: sessionIdOf(alice.token) }),
        message: 'The session has ended; log in again',
      },
      {
        name: 'valid signature without a session id (issued before sessions existed)',
        token: () =>
          new SignJWT({})
            .setProtectedHeader({ alg: 'HS256' })
            .setSubject(alice.id)
            .setIssuer(issuer)
            .setIssuedAt()
            .setExpirationTime('1h')
            .sign(realKey),
        message: 'Invalid token',
      },
      { name: 'valid signature, subject not a user id', token: () => sign('HS256', realKey, 'admin') },
    ];

    it.each(forged)('when the token is $name, then every protected endpoint answers 401 unauthorized', async ({ token, message }) => {
      const forgedToken = await token();
      const responses = await Promise.all(protectedRequests(forgedToken).map(send));
      for (const response of responses) {
        expect({ status: response.status, code: errorOf(response).code }).toEqual({ status: 401, code: 'unauthorized' });
        if (message) expect(errorOf(response).message).toBe(message);
      }
    });

    it('when the real token is used, then the same requests succeed (the forgeries above were the only difference)', async () => {
      const statuses = (await Promise.all(protectedRequests(alice.token).map(send))).map((response) => response.status);
      expect(statuses).toEqual([200, 200, 201, 200, 200, 200]);
    });

    it('when the authorization header is arbitrary text, then the answer is 401, never a 5xx', async () => {
      await fc.assert(
        fc.asyncProperty(fc.stringMatching(/^[\x20-\x7e]{0,300}$/), async (value) => {
          const response = await send({ method: 'GET', path: '/api/v1/tasks', headers: { authorization: value } });
          expect({ status: response.status, code: errorOf(response).code }).toEqual({ status: 401, code: 'unauthorized' });
        }),
        { numRuns: 100 },
      );
    });
  });

  describe("another user's data", () => {
    const aliceView = async () => ({
      tasks: (await send({ method: 'GET', path: '/api/v1/tasks?limit=100', headers: alice.headers })).text,
      messages: (await send({ method: 'GET', path: `/api/v1/conversations/${aliceConversationId}/messages`, headers: alice.headers })).text,
    });

    it("when bob uses alice's or random ids on every task and conversation endpoint, then he gets 404 and alice's data is unchanged", async () => {
      const before = await aliceView();
      const llmRequestsBefore = llm.requests.length;
      const id = fc.oneof(fc.constantFrom(...aliceTaskIds, aliceConversationId), fc.uuid());
      const operation = fc.constantFrom(
        (target: string): RawRequest => ({ method: 'GET', path: `/api/v1/tasks/${target}`, headers: bob.headers }),
        (target: string): RawRequest => ({
          method: 'PATCH',
          path: `/api/v1/tasks/${target}`,
          headers: bob.headers,
          body: JSON.stringify({ completed: true, title: 'hijacked' }),
        }),
        (target: string): RawRequest => ({ method: 'DELETE', path: `/api/v1/tasks/${target}`, headers: bob.headers }),
        (target: string): RawRequest => ({ method: 'GET', path: `/api/v1/conversations/${target}/messages`, headers: bob.headers }),
        (target: string): RawRequest => ({
          method: 'POST',
          path: '/api/v1/chat',
          headers: bob.headers,
          body: JSON.stringify({ message: 'read it', conversationId: target }),
        }),
      );

      await fc.assert(
        fc.asyncProperty(id, operation, async (target, build) => {
          const response = await send(build(target));
          expect({ status: response.status, code: errorOf(response).code }).toEqual({ status: 404, code: 'not_found' });
        }),
        { numRuns: 150 },
      );

      expect(await aliceView()).toEqual(before);
      // Bob's chat attempts on alice's conversation never reached the model with her history.
      expect(llm.requests.length).toBe(llmRequestsBefore);
    });

    it("when bob lists his tasks and conversations, then none of alice's appear", async () => {
      await send({ method: 'POST', path: '/api/v1/tasks', headers: bob.headers, body: JSON.stringify({ title: "Bob's own" }) });

      const tasks = json<{ items: Array<{ title: string }> }>(
        await send({ method: 'GET', path: '/api/v1/tasks?limit=100', headers: bob.headers }),
      );
      const conversations = json<{ items: unknown[] }>(await send({ method: 'GET', path: '/api/v1/conversations', headers: bob.headers }));

      expect(tasks.items.map((task) => task.title)).toEqual(["Bob's own"]);
      expect(conversations.items).toEqual([]);
    });
  });
});
