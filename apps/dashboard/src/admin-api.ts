import { CSRF_HEADER, type ErrorResponse, type HubResource, type SessionInfo } from '@switchboard/protocol';

export type Session = SessionInfo;

async function call<T>(method: string, path: string, body?: unknown, session?: Session): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (session) headers[CSRF_HEADER] = session.csrfToken;
  const response = await fetch(`/admin/api/${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  if (!response.ok) {
    const error = (await response.json().catch(() => null)) as ErrorResponse | null;
    throw new Error(error?.error.message ?? `${response.status} ${response.statusText}`);
  }
  return (response.status === 204 ? undefined : await response.json()) as T;
}

export const adminApi = {
  session: () => call<Session>('GET', 'session'),
  login: (username: string, password: string) => call<Session>('POST', 'login', { username, password }),
  logout: (session: Session) => call<void>('POST', 'logout', undefined, session),
  hubs: async () => (await call<{ value: HubResource[] }>('GET', 'hubs')).value,
};
