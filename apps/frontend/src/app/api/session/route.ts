import { NextResponse } from 'next/server';
import { SESSION_COOKIE } from '../../../lib/session';

export const dynamic = 'force-dynamic';

/** `DELETE /api/session`: logs out. Tokens are stateless JWTs, so dropping the cookie ends the session. */
export function DELETE(): Response {
  const response = new NextResponse(null, { status: 204, headers: { 'cache-control': 'no-store' } });
  response.cookies.delete(SESSION_COOKIE);
  return response;
}
