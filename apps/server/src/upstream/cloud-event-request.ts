import { createHmac } from 'node:crypto';
import {
  cloudEventHeaders,
  connectionSignature,
  type HmacSha256Hex,
  type SelectedEventHandler,
  type UpstreamConnection,
  type UpstreamEvent,
} from '@switchboard/protocol';
import type { HandlerRequest } from './event-handler-client';

export interface EventContent {
  /** `application/json; charset=utf-8` for system events; per data type for user events (§6). */
  contentType: string;
  body: string | Uint8Array;
  /** Extra headers (MQTT user properties as `mqtt-{name}`, upstream-events.md §8.4). */
  headers?: ReadonlyArray<readonly [string, string]>;
}

export interface CloudEventRequestInput {
  handler: SelectedEventHandler;
  event: UpstreamEvent;
  connection: UpstreamConnection;
  content: EventContent;
  /** `ce-id`. */
  id: number;
  /** `WebHook-Request-Origin`: our public host name (§2). */
  origin: string;
  /** Primary first, then secondary: `ce-signature` carries one HMAC per key (§3). */
  accessKeys: readonly string[];
}

const hmacSha256Hex: HmacSha256Hex = (key, data) => createHmac('sha256', key).update(data).digest('hex');

/**
 * One event as the POST the handler receives (spec/upstream-events.md §3): the URL template with
 * the hub as the client spelt it and the event name, the CloudEvents binary-mode headers, the
 * signature over the connection id. Built once and re-sent as is when an unblocking event is
 * retried, so a retry keeps its `ce-id`.
 */
export function cloudEventRequest(input: CloudEventRequestInput): HandlerRequest {
  const { connection, event } = input;
  return {
    method: 'POST',
    url: input.handler.url.expand(connection.hub, event.name),
    headers: {
      ...Object.fromEntries(input.content.headers ?? []),
      ...cloudEventHeaders({
        event,
        connection,
        id: input.id,
        time: new Date(),
        origin: input.origin,
        signature: connectionSignature(connection.connectionId, input.accessKeys, hmacSha256Hex),
        contentType: input.content.contentType,
      }),
    },
    body: input.content.body,
  };
}
