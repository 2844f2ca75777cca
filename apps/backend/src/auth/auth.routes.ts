import { routes, type MeResponse } from '@todo/contracts';
import { Router, type RequestHandler } from 'express';
import type { Limiter } from '../http/rate-limit';
import { routeMounter } from '../http/routes';
import { parseOrThrow } from '../http/validate';
import type { AuthService } from './auth.service';
import { currentSession, currentUser } from './require-auth';

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
  const on = routeMounter(router, requireAuth);
  on(routes.signup, limitPerClient, async (req, res) => {
    const input = parseOrThrow(routes.signup.body, req.body, 'signup request');
    res.status(201).json(await auth.signup(input));
  });
  on(routes.login, limitPerClient, async (req, res) => {
    const input = parseOrThrow(routes.login.body, req.body, 'login request');
    res.json(await auth.login(input));
  });
  on(routes.logout, async (_req, res) => {
    await auth.logout(currentSession(res));
    res.status(204).end();
  });
  on(routes.changePassword, async (req, res) => {
    const input = parseOrThrow(routes.changePassword.body, req.body, 'password change');
    await auth.changePassword(currentSession(res), input);
    res.status(204).end();
  });
  on(routes.me, (_req, res) => {
    const body: MeResponse = { user: currentUser(res) };
    res.json(body);
  });
  on(routes.deleteMe, async (req, res) => {
    const input = parseOrThrow(routes.deleteMe.body, req.body, 'account deletion');
    await auth.deleteAccount(currentSession(res), input);
    res.status(204).end();
  });
  return router;
}
