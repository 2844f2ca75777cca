import type { RouteDefinition } from '@todo/contracts';
import type { RequestHandler, Router } from 'express';

/**
 * Returns `on(route, ...handlers)`, which mounts handlers with the method and path the contract's
 * route table declares (`@todo/contracts` `routes`). A route the table marks `auth` gets the
 * bearer-token check first, so no route can become public by a forgotten middleware.
 */
export function routeMounter(router: Router, requireAuth: RequestHandler) {
  return (route: RouteDefinition, ...handlers: RequestHandler[]): void => {
    router[route.method](route.path, ...(route.auth ? [requireAuth] : []), ...handlers);
  };
}
