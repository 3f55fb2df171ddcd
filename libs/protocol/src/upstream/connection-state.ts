/**
 * Connection state (spec/upstream-events.md §3, `ce-connectionState`). A blocking-event response
 * may carry one `ce-connectionState` header; its value replaces the stored state, which is sent
 * with every later request of the connection. No header ⇒ unchanged. Only one header is allowed.
 *
 * The value is opaque to Switchboard and travels back exactly as received. The SDKs put base64 of
 * a JSON object in it; `encodeConnectionStates` / `decodeConnectionStates` do the same, for tests
 * and for showing a connection's state in the dashboard. The spec sets no size limit; a caller may
 * impose one.
 */
import { decodeBase64, encodeBase64 } from '../native/base64';

export const CONNECTION_STATE_HEADER = 'ce-connectionState';

export type ConnectionStateUpdate = { kind: 'unchanged' } | { kind: 'set'; value: string };

export type ConnectionStateRead = { ok: true; update: ConnectionStateUpdate } | { ok: false; problem: string };

export interface ConnectionStateLimits {
  /** Longest value accepted, in characters (= bytes, header values being byte strings). */
  maxLength?: number;
}

const UNCHANGED: ConnectionStateRead = { ok: true, update: { kind: 'unchanged' } };

/**
 * Reads the `ce-connectionState` of a handler response.
 * @param values every value of the header, or the single value; absent ⇒ unchanged. An empty
 *   value clears the state (nothing is sent afterwards).
 */
export function readConnectionState(
  values: string | readonly string[] | null | undefined,
  limits: ConnectionStateLimits = {},
): ConnectionStateRead {
  if (values === null || values === undefined) return UNCHANGED;
  if (typeof values !== 'string') {
    if (values.length === 0) return UNCHANGED;
    if (values.length > 1) return { ok: false, problem: `only one ${CONNECTION_STATE_HEADER} header is allowed` };
    values = values[0];
  }
  // Optional whitespace around a header value is not part of it (RFC 9110 §5.5).
  const value = values.replace(/^[ \t]+|[ \t]+$/g, '');
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x0d || c === 0x0a || c === 0x00 || c > 0xff) {
      return { ok: false, problem: `${CONNECTION_STATE_HEADER} holds a character that cannot be sent back in a header` };
    }
  }
  if (limits.maxLength !== undefined && value.length > limits.maxLength) {
    return { ok: false, problem: `${CONNECTION_STATE_HEADER} is longer than ${limits.maxLength} characters` };
  }
  return { ok: true, update: { kind: 'set', value } };
}

/** The state after an update: null when there is none to send. */
export function applyConnectionState(current: string | null, update: ConnectionStateUpdate): string | null {
  if (update.kind === 'unchanged') return current;
  return update.value === '' ? null : update.value;
}

/** base64 of the UTF-8 JSON of `states`, as the SDKs' `setState` writes it. */
export function encodeConnectionStates(states: Readonly<Record<string, unknown>>): string {
  return encodeBase64(new TextEncoder().encode(JSON.stringify(states)));
}

/** The object an SDK-written state holds, or undefined when the value is not base64 JSON of one. */
export function decodeConnectionStates(value: string): Record<string, unknown> | undefined {
  const bytes = decodeBase64(value);
  if (bytes === undefined || bytes.length === 0) return undefined;
  try {
    const parsed: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
