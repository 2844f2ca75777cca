import express, { type RequestHandler } from 'express';
import helmet from 'helmet';
import request from 'supertest';
import { securityHeaders } from './security-headers';

/** Every response header but the ones that change per response. */
async function headersOf(middleware: RequestHandler): Promise<{ raw: string[]; byName: Record<string, unknown> }> {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(middleware);
  app.get('/', (_req, res) => {
    res.json({ ok: true });
  });
  const res = await request(app).get('/');
  const byName = Object.fromEntries(Object.entries(res.headers).filter(([name]) => name !== 'date'));
  // The message's rawHeaders alternate name and value; the names keep the case they went out in.
  const { rawHeaders } = (res as unknown as { res: { rawHeaders: string[] } }).res;
  const raw = rawHeaders.filter((name, i) => i % 2 === 0 && name.toLowerCase() !== 'date');
  return { raw, byName };
}

describe('securityHeaders', () => {
  it('when a response is sent, then it carries exactly the headers helmet() sets, same names, case and values', async () => {
    const replayed = await headersOf(securityHeaders());
    const fromHelmet = await headersOf(helmet());

    expect(replayed).toEqual(fromHelmet);
    expect(replayed.byName).toMatchObject({
      'content-security-policy': expect.stringContaining("default-src 'self'"),
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
    });
  });

  it('when helmet is given options, then the replayed headers follow them', async () => {
    const options = { contentSecurityPolicy: { directives: { defaultSrc: ["'none'"] } }, frameguard: { action: 'deny' as const } };

    expect(await headersOf(securityHeaders({ helmet: options }))).toEqual(await headersOf(helmet(options)));
    expect((await headersOf(securityHeaders({ helmet: options }))).byName['x-frame-options']).toBe('DENY');
  });
});
