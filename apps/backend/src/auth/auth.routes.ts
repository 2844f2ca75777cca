import { loginRequestSchema, signupRequestSchema, type MeResponse } from '@todo/contracts';
import { Router, type RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { RateLimitedError } from '../errors';
import { parseOrThrow } from '../http/validate';
import type { AuthService } from './auth.service';
import { currentUser } from './require-auth';

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
  router.post('/auth/signup', limiter, async (req, res) => {
    const input = parseOrThrow(signupRequestSchema, req.body, 'signup request');
    res.status(201).json(await auth.signup(input));
  });
  router.post('/auth/login', limiter, async (req, res) => {
    const input = parseOrThrow(loginRequestSchema, req.body, 'login request');
    res.json(await auth.login(input));
  });
  router.get('/auth/me', requireAuth, (_req, res) => {
    const body: MeResponse = { user: currentUser(res) };
    res.json(body);
  });
  return router;
}
