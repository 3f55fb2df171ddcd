import type { MqttProtocolVersion, OutgoingPublish } from '@switchboard/protocol';
import { generate } from 'mqtt-packet';
import type { OutboundMessage } from '../messaging/outbound-message';
import { frame, OPCODE_BINARY } from '../sockets/websocket-frame';
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
  return publishFrameOf(frame(OPCODE_BINARY, packet));
}

/** A framed PUBLISH as kept in a session's state: where its packet id sits, found again. */
export function publishFrameOf(bytes: Buffer): PublishFrame {
  let at = websocketHeaderLength(bytes);
  const qos = (bytes[at] >> 1) & 3;
  if (qos === 0) return { bytes, packetIdOffset: -1 };
  // Fixed header: 1 byte + remaining length (1-4 bytes, continuation bit 0x80); then the topic.
  at++;
  while (bytes[at] & 0x80) at++;
  at++;
  return { bytes, packetIdOffset: at + 2 + bytes.readUInt16BE(at) };
}

/**
 * A copy of the frame with this recipient's packet id (and the DUP flag of a re-delivery). Only
 * the copy being written is per recipient: what a session holds until the PUBACK is the shared
 * frame, so a fan-out's thousands of copies die young instead of outliving a garbage collection.
 */
export function withPacketId(publish: PublishFrame, packetId: number, dup = false): Buffer {
  const copy = Buffer.allocUnsafe(publish.bytes.length);
  publish.bytes.copy(copy);
  copy.writeUInt16BE(packetId, publish.packetIdOffset);
  if (dup) copy[websocketHeaderLength(copy)] |= 0x08;
  return copy;
}

/** Length of the WebSocket header in front of the MQTT bytes of a server frame. */
export function websocketHeaderLength(frameBytes: Buffer): number {
  const length = frameBytes[1] & 0x7f;
  return length < 126 ? 2 : length === 126 ? 4 : 10;
}
