/** Name of the httpOnly cookie holding the backend's JWT. */
export const SESSION_COOKIE = 'todo_session';

/** Used when the token carries no readable `exp`: the backend's default lifetime. */
const FALLBACK_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

/**
 * Seconds until the token's `exp`, so the cookie never outlives the token. The payload is only read,
 * not verified: the backend verifies the token on every call.
 */
export function tokenMaxAgeSeconds(token: string, nowMs: number = Date.now()): number {
  const payload = token.split('.')[1];
  if (!payload) return FALLBACK_MAX_AGE_SECONDS;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
    if (typeof claims.exp !== 'number') return FALLBACK_MAX_AGE_SECONDS;
    return Math.max(0, Math.floor(claims.exp - nowMs / 1000));
  } catch {
    return FALLBACK_MAX_AGE_SECONDS;
  }
}

export interface SessionCookie {
  name: string;
  value: string;
  httpOnly: true;
  sameSite: 'lax';
  secure: boolean;
  path: '/';
  maxAge: number;
}

/**
 * The cookie set at login/signup. SameSite=Lax keeps it off cross-site POSTs; `secure` follows the
 * request's scheme because the Minikube NodePort serves plain http.
 */
export function sessionCookie(token: string, secure: boolean, nowMs?: number): SessionCookie {
  return {
    name: SESSION_COOKIE,
    value: token,
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: tokenMaxAgeSeconds(token, nowMs),
  };
}

/** Whether the browser reached us over https, directly or through a TLS-terminating proxy. */
export function isSecureRequest(url: string, forwardedProto: string | null): boolean {
  if (forwardedProto) return forwardedProto.split(',')[0]?.trim() === 'https';
  return new URL(url).protocol === 'https:';
}
