import type { RequestHandler } from 'express';
import type { RateLimits } from '../config';
import type { PrismaClient } from '../db/database';
import type { Feature } from '../feature';
import { createLimiter } from '../http/rate-limit';
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
  rateLimits: Pick<RateLimits, 'authPerClientPerMinute' | 'loginAttemptsPerAccount' | 'loginLockoutMinutes'>;
}

export interface AuthFeature extends Feature {
  readonly service: AuthService;
  /** Sets `res.locals.user` or answers 401: route handlers get the user from the mounter (http/routes.ts); every other feature uses it. */
  readonly requireAuth: RequestHandler;
}

/**
 * Sign-up, log-in, log-out, password change and the bearer-token check (`/auth/*`), with two
 * limits: attempts per client address (signup + login) and login attempts per account.
 */
export function createAuthFeature(deps: AuthFeatureDeps): AuthFeature {
  const { rateLimits } = deps;
  // Keyed by the email whether or not an account has it, so a 429 tells nothing about existence.
  const accountAttempts = createLimiter(deps.prisma, {
    name: 'login-account',
    points: rateLimits.loginAttemptsPerAccount,
    windowSeconds: rateLimits.loginLockoutMinutes * 60,
    message: (wait) => `Too many log-in attempts for this account. Try again in ${wait}.`,
  });
  const clientAttempts = createLimiter(deps.prisma, {
    name: 'auth-client',
    points: rateLimits.authPerClientPerMinute,
    windowSeconds: 60,
    message: (wait) => `Too many sign-up and log-in attempts from your address. Try again in ${wait}.`,
  });
  const service = createAuthService({
    users: createUsersRepository(deps.prisma),
    sessions: createSessionsRepository(deps.prisma),
    tokens: createTokenService({ secret: deps.jwtSecret, expirationDays: deps.jwtExpirationDays }),
    accountAttempts,
  });
  const requireAuth = createRequireAuth(service);
  return {
    service,
    requireAuth,
    router: createAuthRouter({ auth: service, requireAuth, clientAttempts }),
  };
}
