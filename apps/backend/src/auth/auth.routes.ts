import { routes } from '@todo/contracts';
import { Router, type RequestHandler } from 'express';
import type { Limiter } from '../http/rate-limit';
import { noContent, routeMounter } from '../http/routes';
import type { AuthService } from './auth.service';

export function createAuthRouter(options: { auth: AuthService; requireAuth: RequestHandler; clientAttempts: Limiter }): Router {
  const { auth, requireAuth, clientAttempts } = options;
  // Signup and login count against the client's address (`req.ip`: the address the trusted proxy,
  // the frontend, forwarded; see TRUST_PROXY). Counted before the body is validated, valid or not
  // (a body that is not JSON at all is refused by the JSON parser first, uncounted).
  const limitPerClient: RequestHandler = async (req, _res, next) => {
    await clientAttempts.consume(req.ip ?? 'unknown');
    next();
  };

  const router = Router();
  const { on } = routeMounter(router, requireAuth);
  on(routes.signup, { before: [limitPerClient], body: 'signup request' }, async ({ body }) => ({
    status: 201,
    body: await auth.signup(body),
  }));
  on(routes.login, { before: [limitPerClient], body: 'login request' }, async ({ body }) => ({
    status: 200,
    body: await auth.login(body),
  }));
  on(routes.logout, {}, async ({ session }) => {
    await auth.logout(session);
    return noContent;
  });
  on(routes.changePassword, { body: 'password change' }, async ({ session, body }) => {
    await auth.changePassword(session, body);
    return noContent;
  });
  on(routes.me, {}, ({ user }) => ({ status: 200, body: { user } }));
  on(routes.deleteMe, { body: 'account deletion' }, async ({ session, body }) => {
    await auth.deleteAccount(session, body);
    return noContent;
  });
  return router;
}
