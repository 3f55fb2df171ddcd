import {
  CSRF_HEADER,
  type AccessKeysResponse,
  type BroadcastBody,
  type ClientUrlBody,
  type ClientUrlResponse,
  type ConnectionSummary,
  type ErrorResponse,
  type GroupSummary,
  type HubProperties,
  type HubResource,
  type KeyType,
  type NodesResponse,
  type OverviewSnapshot,
  type Page,
  type RetainedPage,
  type SessionInfo,
} from '@switchboard/protocol';

export type Session = SessionInfo;

/** An admin API answer that was not 2xx, with the server's message and the field it names. */
export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly target?: string,
  ) {
    super(message);
  }
}

/**
 * The CSRF token of the current session, sent on every state-changing call; the session cookie
 * itself is HttpOnly and travels by itself.
 */
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers[CSRF_HEADER] = csrfToken;
  const response = await fetch(`/admin/api/${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  if (!response.ok) {
    const error = (await response.json().catch(() => null)) as ErrorResponse | null;
    throw new AdminApiError(response.status, error?.error.message ?? `${response.status} ${response.statusText}`, error?.error.target);
  }
  return (response.status === 204 || response.status === 202 ? undefined : await response.json()) as T;
}

const segment = encodeURIComponent;

export const adminApi = {
  session: () => call<Session>('GET', 'session'),
  login: (username: string, password: string) => call<Session>('POST', 'login', { username, password }),
  logout: () => call<void>('POST', 'logout'),
  changePassword: (currentPassword: string, newPassword: string) => call<void>('PUT', 'password', { currentPassword, newPassword }),

  hubs: async () => (await call<{ value: HubResource[] }>('GET', 'hubs')).value,
  hub: (hub: string) => call<HubResource>('GET', `hubs/${segment(hub)}`),
  saveHub: (hub: string, properties: HubProperties) => call<HubResource>('PUT', `hubs/${segment(hub)}`, { properties }),
  deleteHub: (hub: string) => call<void>('DELETE', `hubs/${segment(hub)}`),

  closeConnection: (hub: string, connectionId: string, reason: string) =>
    call<void>('POST', `hubs/${segment(hub)}/connections/${segment(connectionId)}/close`, { reason }),
  addToGroup: (hub: string, connectionId: string, group: string) =>
    call<void>('PUT', `hubs/${segment(hub)}/connections/${segment(connectionId)}/groups/${segment(group)}`),
  removeFromGroup: (hub: string, connectionId: string, group: string) =>
    call<void>('DELETE', `hubs/${segment(hub)}/connections/${segment(connectionId)}/groups/${segment(group)}`),

  groups: (hub: string) => call<Page<GroupSummary>>('GET', `hubs/${segment(hub)}/groups?top=1000`),
  groupMembers: async (hub: string, group: string) =>
    (await call<{ value: ConnectionSummary[] }>('GET', `hubs/${segment(hub)}/groups/${segment(group)}/connections`)).value,
  clearGroup: (hub: string, group: string) => call<void>('DELETE', `hubs/${segment(hub)}/groups/${segment(group)}`),

  retained: (hub: string, search: string) =>
    call<RetainedPage>('GET', `hubs/${segment(hub)}/retained?limit=500${search ? `&search=${encodeURIComponent(search)}` : ''}`),
  deleteRetained: (hub: string, topic: string) => call<void>('DELETE', `hubs/${segment(hub)}/retained?topic=${encodeURIComponent(topic)}`),

  broadcast: (body: BroadcastBody) => call<void>('POST', 'broadcast', body),
  overview: () => call<OverviewSnapshot>('GET', 'overview'),
  nodes: () => call<NodesResponse>('GET', 'nodes'),

  keys: () => call<AccessKeysResponse>('GET', 'keys'),
  regenerateKey: (keyType: KeyType) => call<AccessKeysResponse>('POST', 'keys/regenerate', { keyType }),
  clientUrl: (hub: string, body: ClientUrlBody) => call<ClientUrlResponse>('POST', `hubs/${segment(hub)}/client-url`, body),
};
