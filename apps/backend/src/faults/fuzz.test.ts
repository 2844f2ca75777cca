/**
 * Bad-input fault test: fast-check throws arbitrary bodies, query strings, path ids, content types and
 * authorization headers at every endpoint. Whatever arrives, the API answers below 500, never with
 * a stack trace, and every error in the one contract shape (`errorBodySchema`).
 * FUZZ_RUNS sets the runs per endpoint (default 60).
 */
import fc from 'fast-check';
import { llmReply, startScriptedLlmServer, type ScriptedLlmServer } from '@todo/testkit/scripted-llm-server';
import { createTestApp, type TestApp } from '../testing/test-app';
import { contractViolation, listen, type RawRequest } from './raw-http';

const runs = Number(process.env.FUZZ_RUNS ?? 60);

// ---- arbitraries ----

const printable = (maxLength: number) =>
  fc.string({ maxLength, unit: fc.constantFrom(...' !"#$%&\'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~'.split('')) });
const weirdStrings = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  '\ud800',
  '🙂',
  'x'.repeat(5000),
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '__proto__',
  'null',
  'NaN',
);
const fieldValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.string({ maxLength: 300 }),
  weirdStrings,
  fc.constantFrom('low', 'medium', 'high', '2026-12-01T09:00:00Z', '2026-13-45T99:99:99Z', '+275760-09-13T00:00:00Z', 'bench@example.com'),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const fieldNames = [
  'title',
  'description',
  'priority',
  'dueDate',
  'completed',
  'email',
  'password',
  'message',
  'conversationId',
  'id',
  'userId',
  'owner',
  'constructor',
];
const objectBody = fc
  .dictionary(fc.oneof(fc.constantFrom(...fieldNames), fc.string({ maxLength: 10 })), fieldValue, { maxKeys: 6 })
  .map((value) => JSON.stringify(value));
const rawBody = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.constantFrom(
    '{',
    '{"title":',
    'null',
    '[]',
    '"x"',
    '1e999',
    '{"title":"\\ud800"}',
    '{"__proto__":{"admin":true}}',
    '\u0000',
    '{"a":'.repeat(500),
  ),
);
const body = fc.oneof(
  objectBody,
  objectBody,
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  rawBody,
);
const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/json; charset=bogus',
  'text/plain',
  'application/x-www-form-urlencoded',
  undefined,
);
const contentEncoding = fc.constantFrom(undefined, undefined, undefined, 'gzip', 'deflate', 'br', 'bogus');

const cursor = fc
  .record({
    sort: fc.constantFrom('created', 'due', 'priority', 'other'),
    order: fc.constantFrom('asc', 'desc', 'sideways'),
    primary: fc.oneof(
      fc.constant(null),
      fc.constantFrom('low', 'high', '2026-01-01T00:00:00Z', '1', '99999-01-01'),
      fc.string({ maxLength: 20 }),
    ),
    createdAt: fc.oneof(
      fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
      fc.constantFrom('1', '0', '2026-02-30', '99999-01-01', '-1'),
      fc.string({ maxLength: 20 }),
    ),
    id: fc.oneof(fc.uuid(), fc.stringMatching(/^[0-9a-f-]{36}$/), fc.string({ maxLength: 40 })),
  })
  .map((payload) => Buffer.from(JSON.stringify(payload)).toString('base64url'));
const queryValue = fc.oneof(
  fc.constantFrom(
    'all',
    'active',
    'completed',
    'low',
    'high',
    'created',
    'due',
    'priority',
    'asc',
    'desc',
    '0',
    '1',
    '100',
    '101',
    '-1',
    '1e3',
    '1.5',
    'NaN',
    'Infinity',
    '',
  ),
  fc.string({ maxLength: 50 }),
  cursor,
);
const queryKey = fc.oneof(fc.constantFrom('status', 'priority', 'q', 'sort', 'order', 'limit', 'cursor'), fc.string({ maxLength: 8 }));
const query = fc.oneof(
  fc.array(fc.tuple(queryKey, queryValue), { maxLength: 6 }).map((pairs) => new URLSearchParams(pairs).toString()),
  fc.constantFrom(
    '%',
    '%E0%A4%A',
    'a[b]=1',
    'limit[]=1',
    'limit=1&limit=2',
    '&&&=',
    '=x',
    'q=%00',
    'cursor=%FF%FE',
    'status=active&status=completed',
  ),
);
/** Ids as they appear in the path: valid UUIDs, arbitrary encoded text, and malformed escapes. */
const pathId = (known: () => string[]) =>
  fc.oneof(
    fc.uuid(),
    fc.constant(null).map(() => known()[0] ?? '00000000-0000-0000-0000-000000000000'),
    fc
      .string({ maxLength: 40 })
      .filter((id) => id !== '')
      .map(encodeURIComponent),
    fc.constantFrom(
      '%',
      '%E0%A4%A',
      '%zz',
      '%2e%2e',
      '..',
      'null',
      '00000000-0000-0000-0000-000000000000',
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
      '0'.repeat(500),
    ),
  );
const authorization = (token: () => string) =>
  fc.oneof(
    fc.constant(null).map(() => `Bearer ${token()}`),
    printable(200).map((value) => `Bearer ${value}`),
    printable(100),
    fc.constantFrom('Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'bearer x.y.z', 'Bearer a.b.c', 'Bearer ..', `Bearer ${'a'.repeat(8000)}`),
  );

interface BodyInput {
  body: string;
  type: string | undefined;
  encoding: string | undefined;
}
const bodyInput = fc.record({ body, type: contentType, encoding: contentEncoding });
const headersFor = (auth: string | undefined, input?: BodyInput) => {
  const headers: Record<string, string> = {};
  if (auth) headers.authorization = auth;
  if (input?.type) headers['content-type'] = input.type;
  if (input?.encoding) headers['content-encoding'] = input.encoding;
  return headers;
};

// ---- the fault test ----

describe('bad-input fault test (fast-check over every endpoint)', () => {
  let testApp: TestApp;
  let llm: ScriptedLlmServer;
  let client: Awaited<ReturnType<typeof listen>>;
  let token = '';
  const taskIds: string[] = [];
  const conversationIds: string[] = [];

  beforeAll(async () => {
    llm = await startScriptedLlmServer({ whenEmpty: llmReply.text('Noted.') });
    testApp = await createTestApp({
      env: { LLM_PROVIDER: 'groq', GROQ_API_KEY: 'gsk_fault', GROQ_BASE_URL: llm.url, LOG_LEVEL: 'silent' },
      deps: { assistantLimits: { requestTimeoutMs: 2_000, maxAttempts: 1, initialBackoffMs: 1, maxBackoffMs: 1 } },
    });
    client = await listen(testApp.app);
    const json = async <T>(request: RawRequest) => JSON.parse((await client.send(request)).text) as T;
    const jsonHeaders = { 'content-type': 'application/json' };
    const signup = await json<{ token: string }>({
      method: 'POST',
      path: '/api/v1/auth/signup',
      headers: jsonHeaders,
      body: JSON.stringify({ email: 'fuzz@example.com', password: 'fuzz-password-1' }),
    });
    token = signup.token;
    const auth = { ...jsonHeaders, authorization: `Bearer ${token}` };
    const created = await json<{ task: { id: string } }>({
      method: 'POST',
      path: '/api/v1/tasks',
      headers: auth,
      body: JSON.stringify({ title: 'Fuzz target' }),
    });
    taskIds.push(created.task.id);
    const chat = await json<{ conversationId: string }>({
      method: 'POST',
      path: '/api/v1/chat',
      headers: auth,
      body: JSON.stringify({ message: 'hello' }),
    });
    conversationIds.push(chat.conversationId);
  });

  afterAll(async () => {
    await client?.close();
    await testApp?.db.close();
    await llm?.close();
  });

  const endpoints: Array<{ name: string; input: () => fc.Arbitrary<RawRequest> }> = [
    {
      name: 'POST /api/v1/auth/signup',
      input: () =>
        bodyInput.map((input) => ({
          method: 'POST',
          path: '/api/v1/auth/signup',
          headers: headersFor(undefined, input),
          body: input.body,
        })),
    },
    {
      name: 'POST /api/v1/auth/login',
      input: () =>
        bodyInput.map((input) => ({ method: 'POST', path: '/api/v1/auth/login', headers: headersFor(undefined, input), body: input.body })),
    },
    {
      name: 'GET /api/v1/auth/me',
      input: () =>
        fc
          .tuple(
            authorization(() => token),
            query,
          )
          .map(([auth, q]) => ({ method: 'GET', path: `/api/v1/auth/me?${q}`, headers: headersFor(auth) })),
    },
    {
      name: 'GET /api/v1/tasks',
      input: () => query.map((q) => ({ method: 'GET', path: `/api/v1/tasks?${q}`, headers: headersFor(`Bearer ${token}`) })),
    },
    {
      name: 'POST /api/v1/tasks',
      input: () =>
        bodyInput.map((input) => ({
          method: 'POST',
          path: '/api/v1/tasks',
          headers: headersFor(`Bearer ${token}`, input),
          body: input.body,
        })),
    },
    {
      name: 'GET /api/v1/tasks/:id',
      input: () =>
        pathId(() => taskIds).map((id) => ({ method: 'GET', path: `/api/v1/tasks/${id}`, headers: headersFor(`Bearer ${token}`) })),
    },
    {
      name: 'PATCH /api/v1/tasks/:id',
      input: () =>
        fc
          .tuple(
            pathId(() => taskIds),
            bodyInput,
          )
          .map(([id, input]) => ({
            method: 'PATCH',
            path: `/api/v1/tasks/${id}`,
            headers: headersFor(`Bearer ${token}`, input),
            body: input.body,
          })),
    },
    {
      name: 'DELETE /api/v1/tasks/:id',
      // Never the known task: the PATCH runs need it to stay.
      input: () =>
        pathId(() => []).map((id) => ({ method: 'DELETE', path: `/api/v1/tasks/${id}`, headers: headersFor(`Bearer ${token}`) })),
    },
    {
      name: 'POST /api/v1/chat',
      input: () =>
        bodyInput.map((input) => ({
          method: 'POST',
          path: '/api/v1/chat',
          headers: headersFor(`Bearer ${token}`, input),
          body: input.body,
        })),
    },
    {
      name: 'GET /api/v1/conversations',
      input: () => query.map((q) => ({ method: 'GET', path: `/api/v1/conversations?${q}`, headers: headersFor(`Bearer ${token}`) })),
    },
    {
      name: 'GET /api/v1/conversations/:id/messages',
      input: () =>
        fc
          .tuple(
            pathId(() => conversationIds),
            query,
          )
          .map(([id, q]) => ({
            method: 'GET',
            path: `/api/v1/conversations/${id}/messages?${q}`,
            headers: headersFor(`Bearer ${token}`),
          })),
    },
    {
      name: 'unknown routes and methods',
      input: () =>
        fc
          .tuple(
            fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
            fc.constantFrom('/api/v1/tasks', '/api/v1/nope', '/api/v2/tasks', '/health/ready', '/%', '/api/v1/tasks/%E0%A4%A/x'),
            bodyInput,
          )
          .map(([method, path, input]) => ({
            method,
            path,
            headers: headersFor(`Bearer ${token}`, input),
            body: method === 'GET' ? undefined : input.body,
          })),
    },
    {
      name: 'GET /health, /metrics, /openapi.json',
      input: () =>
        fc
          .tuple(fc.constantFrom('/health', '/health/live', '/health/ready', '/health/startup', '/metrics', '/api/v1/openapi.json'), query)
          .map(([path, q]) => ({ method: 'GET', path: `${path}?${q}` })),
    },
  ];

  it.each(endpoints)('when $name gets arbitrary input, then it answers below 500 in the error contract', async ({ input }) => {
    await fc.assert(
      fc.asyncProperty(input(), async (request) => {
        const response = await client.send(request);
        const violation = contractViolation(response);
        if (violation) throw new Error(`${request.method} ${request.path}: ${violation}`);
      }),
      { numRuns: runs },
    );
  });
});
