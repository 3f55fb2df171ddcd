/**
 * Abuse protection (spec/upstream-events.md §2, CloudEvents HTTP webhook §4): before a handler
 * URL is used, an `OPTIONS` probe goes to the template with `{event}` = `validate`; the handler
 * proves it accepts events from this Switchboard by answering 2xx with a `WebHook-Allowed-Origin`
 * that lists `*` or our origin. Error names and messages follow Azure's troubleshooting guide.
 */
import { AWPS_VERSION } from './headers';
import { isSuccessStatus, type HandlerCallResult } from './handler-response';

export const ABUSE_PROTECTION_METHOD = 'OPTIONS';

export interface WebhookOrigins {
  /** `WebHook-Request-Origin`: the host name of the public endpoint, without port (.NET SDK). */
  requestOrigin: string;
  /** Accepted back in `WebHook-Allowed-Origin`, lower-case: the host name, and `host:port`. */
  accepted: readonly string[];
}

/** @param publicEndpoint Switchboard's public URL, e.g. `https://switchboard.example.com:8443` */
export function webhookOrigins(publicEndpoint: string): WebhookOrigins {
  const url = new URL(publicEndpoint);
  const hostname = url.hostname.toLowerCase();
  // The express SDK compares `new URL(endpoint).host`, which keeps a non-default port.
  const host = url.host.toLowerCase();
  return { requestOrigin: hostname, accepted: host === hostname ? [hostname] : [hostname, host] };
}

/** `ce-awpsversion` is required: the express SDK ignores an `OPTIONS` without it. */
export function abuseProtectionHeaders(requestOrigin: string): Record<string, string> {
  return { 'WebHook-Request-Origin': requestOrigin, 'ce-awpsversion': AWPS_VERSION };
}

export type AbuseProtectionError =
  | 'AbuseProtectionResponseInvalidStatusCode'
  | 'AbuseProtectionResponseMissingAllowedOrigin'
  | 'AbuseProtectionResponseFailed';

export type AbuseProtectionOutcome =
  | { valid: true }
  | { valid: false; error: AbuseProtectionError; message: string };

export function abuseProtectionOutcome(
  result: HandlerCallResult,
  url: string,
  origins: WebhookOrigins,
): AbuseProtectionOutcome {
  if (result.kind !== 'response') {
    // Never the socket error itself (ECONNREFUSED, "Expected HTTP/"...): an admin-API caller
    // could read from it which local ports are open. The log keeps the details.
    const why = result.kind === 'timeout' ? 'timed out' : 'unreachable';
    return { valid: false, error: 'AbuseProtectionResponseFailed', message: `Abuse protection for '${url}' failed: ${why}.` };
  }
  if (!isSuccessStatus(result.status)) {
    return {
      valid: false,
      error: 'AbuseProtectionResponseInvalidStatusCode',
      message: `Abuse protection for '${url}' failed: ${result.status}.`,
    };
  }
  // Possibly repeated, possibly a comma list; compared case-insensitively.
  const allowed: string[] = [];
  for (const [name, value] of result.headers) {
    if (name.toLowerCase() !== 'webhook-allowed-origin') continue;
    for (const entry of value.split(',')) {
      const origin = entry.trim().toLowerCase();
      if (origin !== '') allowed.push(origin);
    }
  }
  if (allowed.some((origin) => origin === '*' || origins.accepted.includes(origin))) return { valid: true };
  return {
    valid: false,
    error: 'AbuseProtectionResponseMissingAllowedOrigin',
    message: `Abuse protection for '${url}' missing allowed origins: ${allowed.join(',')}.`,
  };
}
