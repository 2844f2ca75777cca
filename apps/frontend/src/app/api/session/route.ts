import { routes } from '@todo/contracts';
import { NextResponse, type NextRequest } from 'next/server';
import { backendUrl } from '../../../lib/backend-url';
import { forwardToBackend } from '../../../lib/proxy';
import { SESSION_COOKIE } from '../../../lib/session';

export const dynamic = 'force-dynamic';

/**
 * `DELETE /api/session`: logs out. The backend ends the session first (`POST /auth/logout`), so a
 * copy of the token stops working too; then the cookie goes. If the backend cannot be reached the
 * session is still alive, so the cookie stays and the error is passed on: the person can retry.
 */
export async function DELETE(request: NextRequest): Promise<Response> {
  const token = request.cookies.get(SESSION_COOKIE)?.value;
  if (token) {
    const logout = new Request(request.url, { method: 'POST', headers: request.headers });
    const upstream = await forwardToBackend(logout, {
      backendUrl: backendUrl(),
      segments: routes.logout.path.split('/').filter(Boolean),
      token,
    });
    // 401: the session had already ended (expired, logged out elsewhere, password changed).
    if (upstream.status !== 204 && upstream.status !== 401) return upstream;
  }
  const response = new NextResponse(null, { status: 204, headers: { 'cache-control': 'no-store' } });
  response.cookies.delete(SESSION_COOKIE);
  return response;
}
