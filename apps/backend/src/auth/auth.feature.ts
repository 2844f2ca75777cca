import type { RequestHandler } from 'express';
import type { PrismaClient } from '../db/database';
import type { Feature } from '../feature';
import { createAuthRouter } from './auth.routes';
import { createAuthService, type AuthService } from './auth.service';
import { createRequireAuth } from './require-auth';
import { createTokenService } from './tokens';
import { createSessionsRepository } from './sessions.repository';
import { createUsersRepository } from './users.repository';

export interface AuthFeatureDeps {
  prisma: PrismaClient;
  jwtSecret: string;
  jwtExpirationDays: number;
  /** Signup + login attempts allowed per client address per minute. */
  rateLimitPerMinute: number;
}

export interface AuthFeature extends Feature {
  readonly service: AuthService;
  /** Sets `res.locals.user` (read it with `currentUser(res)`) or answers 401; every other feature uses it. */
  readonly requireAuth: RequestHandler;
}

/** Sign-up, log-in and the bearer-token check: `POST /auth/signup`, `POST /auth/login`, `GET /auth/me`. */
export function createAuthFeature(deps: AuthFeatureDeps): AuthFeature {
  const service = createAuthService({
    users: createUsersRepository(deps.prisma),
    sessions: createSessionsRepository(deps.prisma),
    tokens: createTokenService({ secret: deps.jwtSecret, expirationDays: deps.jwtExpirationDays }),
  });
  const requireAuth = createRequireAuth(service);
  return {
    service,
    requireAuth,
    router: createAuthRouter({ auth: service, requireAuth, rateLimitPerMinute: deps.rateLimitPerMinute }),
  };
}
