import { requestIdFrom } from '@todo/contracts';
import { NextResponse, type NextRequest } from 'next/server';
import { backendUrl } from '../../../../lib/backend-url';
import { errorResponse, forwardToBackend, PROXY_ERRORS, SESSION_ROUTES } from '../../../../lib/proxy';
import { SESSION_COOKIE } from '../../../../lib/session';

export const dynamic = 'force-dynamic';

/**
 * Proxies `/api/v1/*` to the backend with the session's token; a 401 ends the session. In the built
 * server, src/edge/api-proxy.ts answers the requests it can answer the same way before they reach
 * Next.js; this answers the others, and all of them under `next dev`.
 */
async function proxy(request: NextRequest, context: RouteContext<'/api/v1/[...path]'>): Promise<Response> {
  const { path } = await context.params;
  if (SESSION_ROUTES.has(path.join('/'))) {
    const { status, code, message } = PROXY_ERRORS.sessionRoute;
    return errorResponse(status, code, message, requestIdFrom(null));
  }
  const upstream = await forwardToBackend(request, {
    backendUrl: backendUrl(),
    segments: path,
    token: request.cookies.get(SESSION_COOKIE)?.value,
  });
  const response = new NextResponse(upstream.body, { status: upstream.status, headers: upstream.headers });
  if (upstream.status === 401) response.cookies.delete(SESSION_COOKIE);
  return response;
}

export { proxy as DELETE, proxy as GET, proxy as PATCH, proxy as POST, proxy as PUT };
