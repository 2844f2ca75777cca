import { routes, type MeResponse } from '@todo/contracts';
import { Router, type RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { RateLimitedError } from '../errors';
import { routeMounter } from '../http/routes';
import { parseOrThrow } from '../http/validate';
import type { AuthService } from './auth.service';
import { currentSession, currentUser } from './require-auth';

export function createAuthRouter(options: {
  auth: AuthService;
  requireAuth: RequestHandler;
  rateLimitPerMinute: number;
}): Router {
  const { auth, requireAuth } = options;
  // Credential endpoints only: slows password guessing and mass signups per client address.
  const limiter = rateLimit({
    windowMs: 60_000,
    limit: options.rateLimitPerMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new RateLimitedError('Too many attempts, try again in a minute')),
  });

  const router = Router();
  const on = routeMounter(router, requireAuth);
  on(routes.signup, limiter, async (req, res) => {
    const input = parseOrThrow(routes.signup.body, req.body, 'signup request');
    res.status(201).json(await auth.signup(input));
  });
  on(routes.login, limiter, async (req, res) => {
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
  return router;
}
