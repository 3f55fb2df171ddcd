/**
 * The `connected` event (spec/upstream-events.md §5, MQTT §8.2): unblocking, body `{}`. Native
 * connections send it once the handshake completed; MQTT sessions only when a new session was
 * created (CONNACK Session Present 0), never on resume.
 */
export type ConnectedEventBody = Record<string, never>;

export function connectedEventBody(): ConnectedEventBody {
  return {};
}
