import type { User } from '@todo/contracts';
import type { RequestHandler, Response } from 'express';
import { UnauthorizedError } from '../errors';
import type { AuthService, SessionRef } from './auth.service';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** Set by `requireAuth` for the rest of the request. */
      user?: User;
      /** The session the request's token belongs to; set with `user`. */
      sessionId?: string;
    }
  }
}

/** Rejects the request with 401 unless it carries `Authorization: Bearer <valid token>`. */
export function createRequireAuth(auth: AuthService): RequestHandler {
  return async (req, res, next) => {
    const header = req.headers.authorization;
    const match = header ? /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header) : null;
    if (!match?.[1]) throw new UnauthorizedError(header ? 'Malformed authorization header' : 'Authentication required');
    const { user, sessionId } = await auth.authenticate(match[1]);
    res.locals.user = user;
    res.locals.sessionId = sessionId;
    next();
  };
}

/** The authenticated user of this request; only valid behind `requireAuth`. */
export function currentUser(res: Response): User {
  const user = res.locals.user;
  if (!user) throw new UnauthorizedError();
  return user;
}

/** The session of this request (logout and password change act on it); only valid behind `requireAuth`. */
export function currentSession(res: Response): SessionRef {
  const { user, sessionId } = res.locals;
  if (!user || !sessionId) throw new UnauthorizedError();
  return { userId: user.id, sessionId };
}
