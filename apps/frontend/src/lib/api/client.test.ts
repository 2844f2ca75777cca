/** @jest-environment node */
import { ApiError, describeApiError } from './api-error';
import { createApiClient, toQueryString } from './client';

const task = {
  id: '0b6f3c1e-8a8e-4d0b-9d3b-3a5c8e1f2a10',
  title: 'Buy milk',
  description: null,
  completed: false,
  priority: 'medium',
  dueDate: null,
  createdAt: '2026-11-25T10:00:00.000Z',
  updatedAt: '2026-11-25T10:00:00.000Z',
};

function clientAnswering(status: number, body: unknown) {
  const requests: Array<{ url: string; init: RequestInit }> = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    requests.push({ url, init });
    return new Response(body === undefined ? null : JSON.stringify(body), { status });
  }) as unknown as typeof fetch;
  return { requests, api: createApiClient({ baseUrl: 'http://backend:8000/api/v1', token: 'jwt', fetchImpl }) };
}

describe('createApiClient', () => {
  it('when listing with filters, then the query string carries them and the body is parsed', async () => {
    const { api, requests } = clientAnswering(200, { items: [task], nextCursor: null });
    const list = await api.listTasks({ status: 'active', q: 'milk', limit: 50 });
    expect(requests[0]!.url).toBe('http://backend:8000/api/v1/tasks?limit=50&q=milk&status=active');
    expect(new Headers(requests[0]!.init.headers).get('authorization')).toBe('Bearer jwt');
    expect(list).toEqual({ items: [task], nextCursor: null });
  });

  it('when the backend answers with the error shape, then an ApiError carries code, status and details', async () => {
    const { api } = clientAnswering(422, {
      error: { code: 'validation_failed', message: 'Invalid request', details: [{ path: 'title', message: 'must not be empty' }] },
    });
    const error = await api.createTask({ title: '' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 422, code: 'validation_failed' });
    expect(describeApiError(error)).toBe('Invalid request (title: must not be empty)');
  });

  it('when the answer is not the error shape, then the code follows the status', async () => {
    const { api } = clientAnswering(401, 'nope');
    await expect(api.me()).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
  });

  it('when a task is deleted, then the empty 204 resolves', async () => {
    const { api, requests } = clientAnswering(204, undefined);
    await expect(api.deleteTask(task.id)).resolves.toBeUndefined();
    expect(requests[0]!.init.method).toBe('DELETE');
  });

  it('when the password is changed, then POST /auth/password carries both passwords and the 204 resolves', async () => {
    const { api, requests } = clientAnswering(204, undefined);
    await expect(api.changePassword({ currentPassword: 'old password', newPassword: 'new password 1' })).resolves.toBeUndefined();
    expect(requests[0]!.url).toBe('http://backend:8000/api/v1/auth/password');
    expect(requests[0]!.init.method).toBe('POST');
    expect(JSON.parse(requests[0]!.init.body as string)).toEqual({ currentPassword: 'old password', newPassword: 'new password 1' });
  });

  it('when the account is deleted, then DELETE /auth/me carries the current password and the 204 resolves', async () => {
    const { api, requests } = clientAnswering(204, undefined);
    await expect(api.deleteAccount({ currentPassword: 'the password' })).resolves.toBeUndefined();
    expect(requests[0]).toMatchObject({ url: 'http://backend:8000/api/v1/auth/me', init: { method: 'DELETE' } });
    expect(JSON.parse(requests[0]!.init.body as string)).toEqual({ currentPassword: 'the password' });
  });
});

describe('toQueryString', () => {
  it('when values are unset or empty, then they are left out', () => {
    expect(toQueryString({ status: 'all', q: '', priority: undefined })).toBe('?status=all');
    expect(toQueryString({})).toBe('');
  });
});
