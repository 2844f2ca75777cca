import type { AddressInfo } from 'node:net';
import express from 'express';
import { createHttpServer } from './express-server';

describe('createHttpServer', () => {
  it('when a request arrives, then its request and response already have the app\'s prototypes, and Express serves it as usual', async () => {
    const app = express();
    app.get('/hello/:name', (req, res) => {
      res.status(201).json({ name: req.params.name, query: req.query, app: req.app === app, res: res.req === req });
    });
    const server = createHttpServer(app);
    const atArrival: boolean[] = [];
    // Runs before Express (listeners run in order): what Node created, before any setPrototypeOf.
    server.prependListener('request', (req, res) => {
      atArrival.push(Object.getPrototypeOf(req) === app.request, Object.getPrototypeOf(res) === app.response);
    });
    server.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/hello/ada?x=1`);

      expect(res.status).toBe(201);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(await res.json()).toEqual({ name: 'ada', query: { x: '1' }, app: true, res: true });
      expect(atArrival).toEqual([true, true]);
    } finally {
      server.close();
    }
  });
});
