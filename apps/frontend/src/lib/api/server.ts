import { requestIdFrom, requestIdHeader } from '@todo/contracts';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { backendUrl } from '../backend-url';
import { SESSION_COOKIE } from '../session';
import { ApiError } from './api-error';
import { createApiClient, type ApiClient } from './client';

/** Clears the stale cookie (only route handlers may) and sends the person to log in again. */
export const SESSION_EXPIRED_PATH = '/api/session/expired';

export async function sessionToken(): Promise<string | undefined> {
  return (await cookies()).get(SESSION_COOKIE)?.value;
}

/**
 * Runs server-side API calls for the signed-in person: no cookie sends them to /login, a 401 from the
 * backend (expired or forged token) clears the cookie first. Other errors reach the error boundary.
 */
export async function withSession<T>(work: (api: ApiClient) => Promise<T>): Promise<T> {
  const token = await sessionToken();
  if (!token) redirect('/login');
  const requestId = requestIdFrom((await headers()).get(requestIdHeader));
  const api = createApiClient({ baseUrl: `${backendUrl()}/api/v1`, token, requestId });
  try {
    return await work(api);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) redirect(SESSION_EXPIRED_PATH);
    throw error;
  }
}

/** The signed-in person, asked of the backend once per render: the layout and the page share it. */
export const currentUser = cache(async () => (await withSession((api) => api.me())).user);
