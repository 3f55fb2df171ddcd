import { CSRF_HEADER, SESSION_COOKIE } from '@switchboard/protocol';
import type { Answer } from './management';
import type { TestServer } from './server';

/** A logged-in admin as the dashboard is: the session cookie plus the CSRF token from login. */
export interface AdminSession {
  cookie: string;
  csrfToken: string;
}

export async function login(server: TestServer, password = server.adminPassword): Promise<AdminSession> {
  const response = await fetch(`${server.baseUrl}/admin/api/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: server.adminUser, password }),
  });
  if (response.status !== 200) throw new Error(`login answered ${response.status}`);
  const setCookie = response.headers.get('set-cookie') ?? '';
  const match = new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(setCookie);
  if (!match) throw new Error(`login set no session cookie: ${setCookie}`);
  const body = (await response.json()) as { csrfToken: string };
  return { cookie: `${SESSION_COOKIE}=${match[1]}`, csrfToken: body.csrfToken };
}

export interface AdminCallOptions {
  body?: unknown;
  /** Default true: send the session's CSRF token. */
  csrf?: boolean;
  /** Override the cookie (a forged or ended session); null sends none. */
  cookie?: string | null;
}

/** Calls the admin API with the session cookie, as the dashboard's fetch does. */
export async function adminCall(server: TestServer, session: AdminSession | null, method: string, path: string, options: AdminCallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const cookie = options.cookie === undefined ? session?.cookie : options.cookie;
  if (cookie) headers.Cookie = cookie;
  if (session && options.csrf !== false) headers[CSRF_HEADER] = session.csrfToken;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const response = await fetch(`${server.baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: stays text
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** The audit entries newest first, read through the admin API itself. */
export async function auditLog(server: TestServer, session: AdminSession): Promise<Array<{ actor: string; action: string; target: string | null; details: any; at: string }>> {
  const answer = await adminCall(server, session, 'GET', '/admin/api/audit?top=200');
  return answer.body.value;
}
