import type { MqttProtocolVersion, OutgoingPublish } from '@switchboard/protocol';
import { generate } from 'mqtt-packet';
import type { OutboundMessage } from '../messaging/outbound-message';
import { frameHeaderLength, frame, OPCODE_BINARY } from '../sockets/websocket-frame';
import { packetPropertiesOfPublish } from './packet-properties';

/** A PUBLISH framed for the WebSocket once; QoS 1/2 copies get their own packet id patched in. */
export interface PublishFrame {
  bytes: Buffer;
  /** Where the 2-byte packet id sits in `bytes`, or -1 for QoS 0. */
  packetIdOffset: number;
}

/**
 * Encodes once per (version, QoS, per-subscription properties) and message: every recipient
 * that would get the same PUBLISH shares its bytes (ARCHITECTURE.md, the flow of one message).
 */
export function publishFrame(message: OutboundMessage, publish: OutgoingPublish, version: MqttProtocolVersion): PublishFrame {
  const key = `mqtt|${version}|${publish.qos}|${publish.retain ? 1 : 0}|${publish.topic}|${publish.properties?.subscriptionIdentifier ?? ''}|${publish.properties?.messageExpiryInterval ?? ''}|${publish.properties?.topicAlias ?? ''}`;
  return message.memo(key, () => encode(publish, version));
}

/** A PUBLISH for one recipient alone (a retained message on subscribe). */
export function encode(publish: OutgoingPublish, version: MqttProtocolVersion): PublishFrame {
  const packet = generate(
    {
      cmd: 'publish',
      topic: publish.topic,
      payload: Buffer.from(publish.payload.buffer, publish.payload.byteOffset, publish.payload.byteLength),
      qos: publish.qos,
      retain: publish.retain,
      dup: false,
      messageId: publish.qos > 0 ? 1 : undefined,
      properties: version === 5 ? packetPropertiesOfPublish(publish.properties) : undefined,
    },
    { protocolVersion: version },
  );
  const bytes = frame(OPCODE_BINARY, packet);
  if (publish.qos === 0) return { bytes, packetIdOffset: -1 };
  // Fixed header: 1 byte + remaining length (1-4 bytes, continuation bit 0x80); then the topic.
  let at = 1;
  while (packet[at] & 0x80) at++;
  at++;
  const topicLength = packet.readUInt16BE(at);
  return { bytes, packetIdOffset: frameHeaderLength(packet.length) + at + 2 + topicLength };
}

/** A copy of the frame with this recipient's packet id. */
export function withPacketId(publish: PublishFrame, packetId: number): Buffer {
  const copy = Buffer.allocUnsafe(publish.bytes.length);
  publish.bytes.copy(copy);
  copy.writeUInt16BE(packetId, publish.packetIdOffset);
  return copy;
}

/** The same PUBLISH marked as a re-delivery (DUP flag, bit 3 of the MQTT fixed header). */
export function withDup(bytes: Buffer): Buffer {
  const copy = Buffer.allocUnsafe(bytes.length);
  bytes.copy(copy);
  copy[headerOffset(copy)] |= 0x08;
  return copy;
}

/** Length of the WebSocket header in front of the MQTT bytes of a server frame. */
function headerOffset(frameBytes: Buffer): number {
  const length = frameBytes[1] & 0x7f;
  return length < 126 ? 2 : length === 126 ? 4 : 10;
}
