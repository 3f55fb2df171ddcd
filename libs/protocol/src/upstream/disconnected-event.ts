/**
 * The `disconnected` event (spec/upstream-events.md §5, MQTT §8.3): unblocking, fired once per
 * connection (MQTT: per session, when the session ends, not per network connection) and only if
 * `connect` was accepted or not subscribed. MQTT sessions add the `mqtt` object, built by the MQTT
 * mapping (`disconnectedEventMqtt` in mqtt/upstream-connect.ts).
 */
import type { DisconnectedEventMqtt } from '../mqtt/upstream-connect';

export interface DisconnectedEventBody {
  /**
   * Human-readable; empty or null for a normal close (exact texts unconfirmed, §5). MQTT: the
   * reason of the last disconnection, from a v5 DISCONNECT Reason String or the service.
   */
  reason: string | null;
  mqtt?: DisconnectedEventMqtt;
}

export function disconnectedEventBody(reason: string | null, mqtt?: DisconnectedEventMqtt): DisconnectedEventBody {
  return mqtt === undefined ? { reason } : { reason, mqtt };
}
