import type { User } from '@todo/contracts';
import type { RequestHandler, Response } from 'express';
import { UnauthorizedError } from '../errors';
import type { AuthService } from './auth.service';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** Set by `requireAuth` for the rest of the request. */
      user?: User;
    }
  }
}

/** Rejects the request with 401 unless it carries `Authorization: Bearer <valid token>`. */
export function createRequireAuth(auth: AuthService): RequestHandler {
  return async (req, res, next) => {
    const header = req.headers.authorization;
    const match = header ? /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header) : null;
    if (!match?.[1]) throw new UnauthorizedError(header ? 'Malformed authorization header' : 'Authentication required');
    res.locals.user = await auth.authenticate(match[1]);
    next();
  };
}

/** The authenticated user of this request; only valid behind `requireAuth`. */
export function currentUser(res: Response): User {
  const user = res.locals.user;
  if (!user) throw new UnauthorizedError();
  return user;
}
