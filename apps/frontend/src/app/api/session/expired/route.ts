import { NextResponse } from 'next/server';
import { SESSION_COOKIE } from '../../../../lib/session';

export const dynamic = 'force-dynamic';

/**
 * Where server components send a 401: only a route handler may clear the cookie. The Location is
 * relative because behind a NodePort `request.url` may name the pod's bind address, not the browser's.
 */
export function GET(): Response {
  const response = new NextResponse(null, { status: 303, headers: { location: '/login?expired=1', 'cache-control': 'no-store' } });
  response.cookies.delete(SESSION_COOKIE);
  return response;
}
