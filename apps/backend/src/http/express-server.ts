import { createServer, IncomingMessage, ServerResponse, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Express } from 'express';

/**
 * The http.Server for an Express app, whose requests and responses are born with the app's
 * prototypes (`app.request`, `app.response`) instead of getting them afterwards.
 *
 * Why: Express gives every request and response its app's prototype with `Object.setPrototypeOf`
 * (express/lib/application.js, `app.handle`). Done to objects that already exist, that made V8
 * promote them at the next minor GC: measured on the task list, ~12 KB per request moved to the old
 * generation and scavenges 10x slower (8-10 ms instead of ~1 ms), the largest single gap to the
 * bare node:http baseline; a bare Express route served 3.7x more requests without it. Node creates requests and responses from the classes the server is
 * given (`http.createServer({ IncomingMessage, ServerResponse })`, Node docs, http.createServer);
 * made from these, Express's `setPrototypeOf` finds the prototype already set and changes nothing.
 * The approach and figures like ours: expressjs/express#5998 ("How to make Express 2x faster").
 */
export function createHttpServer(app: Express): Server {
  // Node's IncomingMessage and ServerResponse are plain constructor functions: called on the new
  // object, they set it up as `new` would, and the object keeps the prototype given below. (Made
  // with Reflect.construct instead, the objects were promoted just the same: measured.) If Node
  // ever turns them into classes, the call throws, and express-server.test.ts fails.
  function AppRequest(this: IncomingMessage, socket: Socket) {
    (IncomingMessage as unknown as (this: IncomingMessage, socket: Socket) => void).call(this, socket);
  }
  AppRequest.prototype = app.request;
  function AppResponse(this: ServerResponse, req: IncomingMessage, options?: object) {
    (ServerResponse as unknown as (this: ServerResponse, req: IncomingMessage, options?: object) => void).call(this, req, options);
  }
  AppResponse.prototype = app.response;
  return createServer(
    {
      IncomingMessage: AppRequest as unknown as typeof IncomingMessage,
      ServerResponse: AppResponse as unknown as typeof ServerResponse,
    },
    app,
  );
}
