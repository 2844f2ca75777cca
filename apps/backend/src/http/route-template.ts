import type { NextFunction, Request, Response } from 'express';

/**
 * Routers mounted at a path lose `req.baseUrl` when an error leaves them, so the mount point is
 * remembered on entry. Metrics and logs then label a request with its route template
 * (`/api/v1/tasks/:id`), never with the raw URL.
 */
export function rememberMountPath(req: Request, res: Response, next: NextFunction): void {
  res.locals.mountPath = req.baseUrl;
  next();
}

export function routeTemplate(req: Request, res: Response): string {
  // Express types `req.route` as any; it is the matched Route (its `path` is the template).
  const route = req.route as { path: string } | undefined;
  if (!route) return 'unmatched';
  const mountPath = typeof res.locals.mountPath === 'string' ? res.locals.mountPath : '';
  return `${mountPath}${route.path}`;
}
