/**
 * Session identity and lifetime (spec/mqtt.md §2, §6, §9): the client id that is the
 * connectionId, how long a session outlives its network connection, and the keep alive.
 */
import type { MqttProtocolVersion } from './protocol-version';

/** Azure's client id rule: 1–128 characters `0-9 a-z A-Z` (mqtt.md §1, §9). */
export const MAX_CLIENT_ID_LENGTH = 128;
const CLIENT_ID = /^[0-9A-Za-z]+$/;

/** Why a client id is refused, or null. Empty is handled by `resolveClientId`. */
export function clientIdProblem(clientId: string): string | null {
  if (clientId.length === 0) return 'client id must not be empty';
  if (clientId.length > MAX_CLIENT_ID_LENGTH) return `client id must be at most ${MAX_CLIENT_ID_LENGTH} characters`;
  if (!CLIENT_ID.test(clientId)) return 'client id may contain only the characters 0-9, a-z and A-Z';
  return null;
}

export type ClientIdResolution =
  | { ok: true; clientId: string; assigned: boolean }
  | { ok: false; problem: string };

/**
 * 5.0: an empty client id is allowed and the service assigns one, returned in the CONNACK
 * Assigned Client Identifier (mqtt.md §1; whatever the clean start flag, as MQTT 5.0 §3.1.3.1
 * puts no condition on it). 3.1.1: refused (the spec's recommendation for an unconfirmed point).
 */
export function resolveClientId(
  clientId: string,
  version: MqttProtocolVersion,
  assign: () => string = assignClientId,
): ClientIdResolution {
  if (clientId.length === 0) {
    return version === 5 ? { ok: true, clientId: assign(), assigned: true } : { ok: false, problem: 'client id must not be empty' };
  }
  const problem = clientIdProblem(clientId);
  return problem === null ? { ok: true, clientId, assigned: false } : { ok: false, problem };
}

export const ASSIGNED_CLIENT_ID_LENGTH = 32;
const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * A fresh client id that itself passes the client id rule (32 alphanumerics, ~190 bits).
 * @param fillRandom fills its argument with random bytes; Web Crypto by default.
 */
export function assignClientId(fillRandom: (bytes: Uint8Array<ArrayBuffer>) => void = (bytes) => crypto.getRandomValues(bytes)): string {
  let id = '';
  const bytes = new Uint8Array(ASSIGNED_CLIENT_ID_LENGTH * 2);
  while (id.length < ASSIGNED_CLIENT_ID_LENGTH) {
    fillRandom(bytes);
    for (const byte of bytes) {
      // 248 = 4 × 62: rejecting the rest keeps every character equally likely.
      if (byte < 248 && id.length < ASSIGNED_CLIENT_ID_LENGTH) id += ALPHANUMERIC[byte % 62];
    }
  }
  return id;
}

/** 3.1.1 keep alive bounds in seconds (mqtt.md §1, §9). */
export const KEEP_ALIVE_3_1_1_MIN_SECONDS = 1;
export const KEEP_ALIVE_3_1_1_MAX_SECONDS = 180;

/** Why a keep alive is refused, or null: 3.1.1 needs 1–180 s; 5.0 accepts any (mqtt.md §1). */
export function keepAliveProblem(keepAlive: number, version: MqttProtocolVersion): string | null {
  if (version === 5) return null;
  if (keepAlive < KEEP_ALIVE_3_1_1_MIN_SECONDS || keepAlive > KEEP_ALIVE_3_1_1_MAX_SECONDS) {
    return `keep alive must be between ${KEEP_ALIVE_3_1_1_MIN_SECONDS} and ${KEEP_ALIVE_3_1_1_MAX_SECONDS} seconds`;
  }
  return null;
}

/**
 * The keep alive in force and, for 5.0, the CONNACK Server Keep Alive when Switchboard imposes
 * its own (mqtt.md §1: MAY; the client must then use it, MQTT 5.0 §3.2.2.3.14).
 */
export function negotiateKeepAlive(
  requested: number,
  version: MqttProtocolVersion,
  serverKeepAlive?: number,
): { keepAlive: number; serverKeepAlive?: number } {
  if (version === 5 && serverKeepAlive !== undefined && serverKeepAlive !== requested) {
    return { keepAlive: serverKeepAlive, serverKeepAlive };
  }
  return { keepAlive: requested };
}

/**
 * Close after 1.5 × keep alive without any packet (mqtt.md §6, MQTT 5.0 §3.1.2.10);
 * undefined when keep alive is 0 (off).
 */
export function keepAliveTimeoutMs(keepAliveSeconds: number): number | undefined {
  return keepAliveSeconds > 0 ? keepAliveSeconds * 1500 : undefined;
}

/** Azure keeps an interrupted session "for up to 30 seconds" (mqtt.md §2, §9). */
export const DEFAULT_MAX_SESSION_EXPIRY_SECONDS = 30;

export interface SessionExpiry {
  /** How long the session outlives its network connection; 0 = it ends with it. */
  seconds: number;
  /** 5.0: the CONNACK Session Expiry Interval, set when Switchboard shortened the request. */
  announced?: number;
}

/**
 * 5.0: min(requested, configured max), absent meaning 0. 3.1.1: clean session 1 ⇒ 0; clean
 * session 0 ⇒ the configured max (mqtt.md §2, value unconfirmed).
 */
export function sessionExpiryOnConnect(
  version: MqttProtocolVersion,
  cleanStart: boolean,
  requested: number | undefined,
  maxSeconds: number = DEFAULT_MAX_SESSION_EXPIRY_SECONDS,
): SessionExpiry {
  if (version === 4) return { seconds: cleanStart ? 0 : maxSeconds };
  const wanted = requested ?? 0;
  if (wanted <= maxSeconds) return { seconds: wanted };
  return { seconds: maxSeconds, announced: maxSeconds };
}

export type DisconnectExpiry = { ok: true; seconds: number } | { ok: false; failure: 'protocolError'; problem: string };

/**
 * A 5.0 client DISCONNECT may change the expiry, but not from a CONNECT that asked for 0 to
 * non-zero (MQTT 5.0 §3.14.2.2.2, a Protocol Error).
 *
 * @param requestedOnConnect the CONNECT's Session Expiry Interval (absent = 0)
 * @param requestedOnDisconnect the DISCONNECT's, or undefined when it has none
 * @param currentSeconds the expiry in force
 */
export function sessionExpiryOnDisconnect(
  requestedOnConnect: number | undefined,
  requestedOnDisconnect: number | undefined,
  currentSeconds: number,
  maxSeconds: number = DEFAULT_MAX_SESSION_EXPIRY_SECONDS,
): DisconnectExpiry {
  if (requestedOnDisconnect === undefined) return { ok: true, seconds: currentSeconds };
  if ((requestedOnConnect ?? 0) === 0 && requestedOnDisconnect !== 0) {
    return { ok: false, failure: 'protocolError', problem: 'session expiry cannot be set on DISCONNECT when CONNECT asked for 0' };
  }
  return { ok: true, seconds: Math.min(requestedOnDisconnect, maxSeconds) };
}
