/** Admin login (POST /admin/api/login) and the session it opens. */
export interface LoginBody {
  username: string;
  password: string;
}

export interface SessionInfo {
  username: string;
  /** Sent back in the X-CSRF-Token header on every state-changing call made with the cookie. */
  csrfToken: string;
  expiresAt: string;
}

export const SESSION_COOKIE = 'switchboard_session';
export const CSRF_HEADER = 'x-csrf-token';
