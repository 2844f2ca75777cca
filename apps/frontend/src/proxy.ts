import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy, isHttps, newNonce } from './lib/security-headers';

/**
 * Next.js Proxy (formerly middleware) for every page: a fresh nonce per request, in the CSP of the
 * response and of the request (Next.js takes the nonce from the request's CSP while rendering and
 * puts it on its scripts). The other security headers come from next.config.ts.
 */
export function proxy(request: NextRequest): NextResponse {
  const policy = contentSecurityPolicy({
    nonce: newNonce(),
    dev: process.env.NODE_ENV === 'development',
    https: isHttps(request.headers.get('x-forwarded-proto')),
  });
  const headers = new Headers(request.headers);
  headers.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', policy);
  return response;
}

export const config = {
  // Pages only: API routes and built assets get the fixed non-page policy from next.config.ts.
  matcher: ['/((?!api/|_next/static/|_next/image).*)'],
};
