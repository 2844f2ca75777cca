import { authResponseSchema, requestIdFrom, requestIdHeader, routes } from '@todo/contracts';
import { NextResponse, type NextRequest } from 'next/server';
import { backendUrl } from '../../../../lib/backend-url';
import { errorResponse, forwardToBackend } from '../../../../lib/proxy';
import { isSecureRequest, sessionCookie } from '../../../../lib/session';

export const dynamic = 'force-dynamic';

/**
 * `POST /api/session/login|signup`: calls the backend's auth route, keeps the token in the httpOnly
 * cookie and answers `{ user }` only.
 */
export async function POST(request: NextRequest, context: RouteContext<'/api/session/[mode]'>): Promise<Response> {
  const { mode } = await context.params;
  const requestId = requestIdFrom(request.headers.get(requestIdHeader));
  if (mode !== 'login' && mode !== 'signup') return errorResponse(404, 'not_found', 'Not found.', requestId);

  const upstream = await forwardToBackend(request, { backendUrl: backendUrl(), segments: routes[mode].path.split('/').filter(Boolean) });
  if (!upstream.ok) return upstream;

  const parsed = authResponseSchema.safeParse(await upstream.json());
  if (!parsed.success) {
    return errorResponse(500, 'internal', 'The backend answered with an unexpected body.', requestId);
  }
  const response = NextResponse.json(
    { user: parsed.data.user },
    {
      status: upstream.status,
      headers: { 'cache-control': 'no-store', 'x-request-id': upstream.headers.get('x-request-id') ?? requestId },
    },
  );
  const secure = isSecureRequest(request.url, request.headers.get('x-forwarded-proto'));
  response.cookies.set(sessionCookie(parsed.data.token, secure));
  return response;
}
