/** POST /admin/api/hubs/{hub}/client-url: Azure portal's "Client URL generator". */
export const CLIENT_URL_PROTOCOLS = ['native', 'mqtt'] as const;
export type ClientUrlProtocol = (typeof CLIENT_URL_PROTOCOLS)[number];

export interface ClientUrlBody {
  userId?: string;
  roles?: string[];
  groups?: string[];
  minutesToExpire: number;
  protocol: ClientUrlProtocol;
}

export interface ClientUrlResponse {
  /** The WebSocket URL with `access_token` in its query, ready for a client. */
  url: string;
  token: string;
  /** ISO time the token stops working. */
  expiresAt: string;
}

export const MAX_CLIENT_TOKEN_MINUTES = 60 * 24 * 365;
