import { Router } from 'express';
import request from 'supertest';
import { createTestApp, type TestApp } from './testing/test-app';

const secrets = {
  jwtSecret: 'jwt-secret-value-that-must-not-leak-0123456789',
  groqApiKey: 'gsk_secret_key_that_must_not_leak_987654321',
  password: 'my-password-must-not-leak',
  cookie: 'session=cookie-value-must-not-leak',
};

let t: TestApp;
let token: string;

beforeAll(async () => {
  t = await createTestApp({
    env: { JWT_SECRET: secrets.jwtSecret, GROQ_API_KEY: secrets.groqApiKey, FRONTEND_URL: 'http://localhost:3000' },
    deps: {
      // A route mounted behind the same middleware as the features, that crashes.
      extraRoutes: (requireAuth) => {
        const router = Router();
        router.get('/boom', requireAuth, () => {
          throw new Error(`internal detail ${secrets.groqApiKey}`);
        });
        return router;
      },
    },
  });
  const res = await request(t.app).post('/api/v1/auth/signup').send({ email: 'logs@example.com', password: secrets.password });
  token = res.body.token;
});

afterAll(async () => {
  await t.db.close();
});

describe('request logging', () => {
  it('when a request completes, then one JSON line has method, route template, status, duration and request id', async () => {
    const created = await request(t.app)
      .post('/api/v1/tasks')
      .set('authorization', `Bearer ${token}`)
      .set('x-request-id', 'req-123')
      .send({ title: 'log me' });
    await request(t.app).get(`/api/v1/tasks/${created.body.task.id}`).set('authorization', `Bearer ${token}`);

    const lines = t.logs.lines().filter((line) => line.requestId === 'req-123');
    expect(created.headers['x-request-id']).toBe('req-123');
    expect(lines).toEqual([
      {
        level: 'info',
        time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
        service: 'backend',
        req: { method: 'POST' },
        res: { status: 201 },
        route: '/api/v1/tasks',
        durationMs: expect.any(Number),
        requestId: 'req-123',
        msg: 'POST /api/v1/tasks 201',
      },
    ]);
    const get = t.logs.lines().find((line) => line.msg === 'GET /api/v1/tasks/:id 200');
    expect(get?.route).toBe('/api/v1/tasks/:id');
  });

  it('when a caller sends a secret value as its request id, then the request line masks it', async () => {
    await request(t.app).get('/api/v1/openapi.json').set('x-request-id', secrets.jwtSecret);

    const text = t.logs.text();
    expect(text).toContain('"requestId":"[redacted]"');
    expect(text).not.toContain(secrets.jwtSecret);
  });

  it('when no usable request id is sent, then one is generated and returned', async () => {
    const none = await request(t.app).get('/api/v1/openapi.json');
    const hostile = await request(t.app).get('/api/v1/openapi.json').set('x-request-id', 'bad id {"level":"fatal"}');
    const tooLong = await request(t.app).get('/api/v1/openapi.json').set('x-request-id', 'a'.repeat(129));

    expect(none.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(tooLong.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('when requests carry passwords, tokens, cookies and the app holds keys, then no secret value reaches the logs', async () => {
    await request(t.app)
      .post('/api/v1/auth/login')
      .set('cookie', secrets.cookie)
      .send({ email: 'logs@example.com', password: secrets.password });
    await request(t.app)
      .post('/api/v1/auth/login')
      .send({ email: 'logs@example.com', password: `${secrets.password}-wrong` });
    await request(t.app).get('/api/v1/tasks?q=secret').set('authorization', `Bearer ${token}`).set('cookie', secrets.cookie);
    await request(t.app).get('/api/v1/boom').set('authorization', `Bearer ${token}`);

    const text = t.logs.text();
    expect(text).toContain('GET /api/v1/boom 500');
    expect(text).toContain('internal detail [redacted]');
    for (const value of [...Object.values(secrets), token]) expect(text).not.toContain(value);
  });
});

describe('errors', () => {
  it('when a handler throws an unexpected error, then 500 with the opaque internal body, no stack, no message', async () => {
    const res = await request(t.app).get('/api/v1/boom').set('authorization', `Bearer ${token}`);

    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'internal', message: 'Internal server error' } });
  });

  it('when the route does not exist, then 404 in the same error shape', async () => {
    const res = await request(t.app).get('/api/v1/nope');

    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: 'No route for GET /api/v1/nope' } });
  });
});

describe('metrics', () => {
  it('when requests were served, then /metrics has the latency histogram by route template and status, and process metrics', async () => {
    await request(t.app).get('/api/v1/tasks/00000000-0000-4000-8000-000000000000').set('authorization', `Bearer ${token}`);

    const res = await request(t.app).get('/metrics');

    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.text).toContain('http_request_duration_seconds_count{method="GET",route="/api/v1/tasks/:id",status="404"} 1');
    expect(res.text).toContain('process_resident_memory_bytes');
    expect(res.text).not.toContain('00000000-0000-4000-8000-000000000000');
    expect(res.text).not.toContain(secrets.groqApiKey);
  });
});

describe('HTTP hardening', () => {
  it('when any response is sent, then helmet headers are set and x-powered-by is not', async () => {
    const res = await request(t.app).get('/health/live');

    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('when an API answer is sent, then it carries no ETag (nothing is hashed per response)', async () => {
    const res = await request(t.app).get('/api/v1/tasks').set('authorization', `Bearer ${token}`);

    expect(res.status).toBe(200);
    expect(res.headers.etag).toBeUndefined();
  });

  it('when the frontend origin calls, then CORS allows it; another origin gets no CORS headers', async () => {
    const allowed = await request(t.app)
      .options('/api/v1/tasks')
      .set('origin', 'http://localhost:3000')
      .set('access-control-request-method', 'POST');
    const denied = await request(t.app).get('/api/v1/openapi.json').set('origin', 'https://evil.example');

    expect(allowed.status).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    expect(denied.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    expect(denied.headers['access-control-allow-origin']).not.toBe('https://evil.example');
  });

  it('when /api/v1/openapi.json is fetched, then it is the OpenAPI document of this API', async () => {
    const res = await request(t.app).get('/api/v1/openapi.json');

    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toContain('/api/v1/tasks/{id}');
  });
});
