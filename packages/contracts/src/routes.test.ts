import { routePath, routes, type RouteDefinition } from './routes';

describe('routePath', () => {
  it('when a route has a :param, then the value is filled in, URI-encoded', () => {
    expect(routePath(routes.getTask, { id: 'a/b c' })).toBe('/tasks/a%2Fb%20c');
    expect(routePath(routes.listMessages, { id: '42' })).toBe('/conversations/42/messages');
  });

  it('when a route has no params, then its path is returned as is', () => {
    expect(routePath(routes.listTasks)).toBe('/tasks');
  });

  it('when a parameter is missing, then it throws naming the parameter instead of calling ":id"', () => {
    expect(() => routePath(routes.deleteTask, {})).toThrow('/tasks/:id: missing path parameter "id"');
  });
});

describe('routes', () => {
  const table = Object.entries(routes) as [string, RouteDefinition][];

  it('when listed, then no two routes share a method and path', () => {
    const keys = table.map(([, route]) => `${route.method} ${route.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('when a path has :params, then the route declares exactly those params', () => {
    for (const [name, route] of table) {
      const inPath = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1]).sort();
      const declared = Object.keys(route.params?.shape ?? {}).sort();
      expect({ name, params: declared }).toEqual({ name, params: inPath });
    }
  });

  it('when only the credential routes are public, then every other route needs the token', () => {
    const publicRoutes = table.filter(([, route]) => !route.auth).map(([name]) => name);
    expect(publicRoutes.sort()).toEqual(['login', 'signup']);
  });
});
