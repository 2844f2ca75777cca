import { meResponseSchema, type LoginRequest, type MeResponse } from '@todo/contracts';
import { createApiClient, requestJson } from './client';

/**
 * The browser's client: same-origin `/api/v1`, which the frontend server proxies to the backend,
 * adding the token from the httpOnly session cookie. The browser never sees the token or the backend.
 */
export const browserApi = createApiClient({ baseUrl: '/api/v1' });

export type SessionMode = 'login' | 'signup';

/**
 * The session endpoints of the frontend server itself: they call the backend's auth routes and keep
 * the token in the cookie, answering only `{ user }`.
 */
export const sessionApi = {
  start: (mode: SessionMode, credentials: LoginRequest): Promise<MeResponse> =>
    requestJson({ baseUrl: '/api/session' }, 'POST', `/${mode}`, meResponseSchema, credentials),
  end: (): Promise<void> => requestJson({ baseUrl: '/api/session' }, 'DELETE', '', null),
};
