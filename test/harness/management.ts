import jwt from 'jsonwebtoken';
import type { TestServer } from './server';

export interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

export interface CallOptions {
  body?: unknown;
  /** Default: a token signed with the server's primary key for this URL. `null`: no Authorization. */
  token?: string | null;
  headers?: Record<string, string>;
}

/** Signs as backend services do: HS256 with the access key, `aud` the request URL. */
export function signFor(url: string, key: string, expiresIn: number = 3600): string {
  return jwt.sign({}, key, { audience: url, expiresIn, algorithm: 'HS256' });
}

export async function call(server: TestServer, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const url = `${server.baseUrl}${path}`;
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  const token = options.token === undefined ? signFor(url, server.accessKey) : options.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] ??= 'application/json';
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  const response = await fetch(url, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // a non-JSON answer stays text
  }
  return { status: response.status, body: parsed, headers: response.headers };
}
