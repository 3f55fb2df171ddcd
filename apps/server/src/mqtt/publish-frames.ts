import type { MqttProtocolVersion, OutgoingPublish, PublishProperties } from '@switchboard/protocol';
import { generate } from 'mqtt-packet';
import type { OutboundMessage } from '../messaging/outbound-message';
import { frame, frameHeaderLength, OPCODE_BINARY, writeFrameHeader } from '../sockets/websocket-frame';
import { packetPropertiesOfPublish } from './packet-properties';

/**
 * A PUBLISH framed for the WebSocket once. A QoS 1/2 frame carries a packet id of its own, which
 * every session that has it free sends as it is; the others get a copy with theirs patched in.
 */
export interface PublishFrame {
  bytes: Buffer;
  /** Where the 2-byte packet id sits in `bytes`, or -1 for QoS 0. */
  packetIdOffset: number;
  /** The packet id written in `bytes`, or 0 for QoS 0. */
  packetId: number;
}

/**
 * Packet ids are per session, but the sessions of a fan-out get the same messages in the same
 * order: if each new frame takes the next id of one counter, nearly every session finds it free
 * (it would need 65,535 unacknowledged messages to collide), and all of them write the same bytes.
 */
let nextFramePacketId = 1;

function takeFramePacketId(): number {
  const id = nextFramePacketId;
  nextFramePacketId = id === 65535 ? 1 : id + 1;
  return id;
}

/**
 * Encodes once per (version, QoS, per-subscription properties) and message: every recipient
 * that would get the same PUBLISH shares its bytes (ARCHITECTURE.md, the flow of one message).
 */
export function publishFrame(message: OutboundMessage, publish: OutgoingPublish, version: MqttProtocolVersion): PublishFrame {
  const properties = publish.properties;
  const subscriptionIdentifier = properties?.subscriptionIdentifier;
  const messageExpiryInterval = properties?.messageExpiryInterval;
  const topicAlias = properties?.topicAlias;
  // A fan-out asks for the same frame recipient after recipient: the one asked for last is
  // answered without building its key (a string per recipient, hashed on every lookup).
  const last = lastFrame;
  if (
    last.message === message &&
    last.version === version &&
    last.qos === publish.qos &&
    last.retain === publish.retain &&
    last.topic === publish.topic &&
    last.subscriptionIdentifier === subscriptionIdentifier &&
    last.messageExpiryInterval === messageExpiryInterval &&
    last.topicAlias === topicAlias
  ) {
    return last.frame!;
  }
  const key = `mqtt|${version}|${publish.qos}|${publish.retain ? 1 : 0}|${publish.topic}|${subscriptionIdentifier ?? ''}|${messageExpiryInterval ?? ''}|${topicAlias ?? ''}`;
  const frame = message.memo(key, () => encode(publish, version));
  lastFrame = { message, version, qos: publish.qos, retain: publish.retain, topic: publish.topic, subscriptionIdentifier, messageExpiryInterval, topicAlias, frame };
  return frame;
}

/** The frame publishFrame() answered last, and what it was for. */
let lastFrame: {
  message: OutboundMessage | null;
  version: MqttProtocolVersion;
  qos: number;
  retain: boolean;
  topic: string;
  subscriptionIdentifier: PublishProperties['subscriptionIdentifier'];
  messageExpiryInterval: number | undefined;
  topicAlias: number | undefined;
  frame: PublishFrame | null;
} = { message: null, version: 4, qos: 0, retain: false, topic: '', subscriptionIdentifier: undefined, messageExpiryInterval: undefined, topicAlias: undefined, frame: null };

/** A PUBLISH for one recipient alone (a retained message on subscribe). */
export function encode(publish: OutgoingPublish, version: MqttProtocolVersion): PublishFrame {
  const plain = version === 4 || withoutProperties(publish) ? plainPublishFrame(publish, version) : null;
  const encoded = publishFrameOf(plain ?? mqttPacketPublishFrame(publish, version));
  if (encoded.packetIdOffset < 0) return encoded;
  const packetId = takeFramePacketId();
  encoded.bytes.writeUInt16BE(packetId, encoded.packetIdOffset);
  return { ...encoded, packetId };
}

/** The PUBLISH as mqtt-packet writes it, framed: with any properties, and its errors for what is out of range. */
export function mqttPacketPublishFrame(publish: OutgoingPublish, version: MqttProtocolVersion): Buffer {
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
  return frame(OPCODE_BINARY, packet);
}

/** Longest topic a PUBLISH carries (a 2-byte length) and largest remaining length (4 bytes of 7 bits). */
const MAX_TOPIC_BYTES = 0xffff;
const MAX_REMAINING_LENGTH = 268_435_455;

function withoutProperties(publish: OutgoingPublish): boolean {
  const properties = publish.properties as Record<string, unknown> | undefined;
  if (!properties) return true;
  for (const key in properties) if (properties[key] !== undefined) return false;
  return true;
}

/**
 * A PUBLISH with no properties (every 3.1.1 one), written straight into its WebSocket frame: one
 * buffer, where mqtt-packet would build the packet and frame() copy it again. Where one topic
 * has one subscriber, every message is encoded for a single delivery, so this runs per delivery.
 * The bytes are mqtt-packet's (publish-frames.spec.ts compares them); null when out of range, so
 * that mqtt-packet reports it (mqttPacketPublishFrame).
 */
function plainPublishFrame(publish: OutgoingPublish, version: MqttProtocolVersion): Buffer | null {
  const topicBytes = Buffer.byteLength(publish.topic);
  const payload = publish.payload;
  const remaining = 2 + topicBytes + (publish.qos > 0 ? 2 : 0) + (version === 5 ? 1 : 0) + payload.byteLength;
  if (topicBytes > MAX_TOPIC_BYTES || remaining > MAX_REMAINING_LENGTH) return null;
  const packetLength = 1 + varIntLength(remaining) + remaining;
  const out = Buffer.allocUnsafe(frameHeaderLength(packetLength) + packetLength);
  let at = writeFrameHeader(out, OPCODE_BINARY, packetLength);
  out[at++] = 0x30 | (publish.qos << 1) | (publish.retain ? 1 : 0);
  for (let left = remaining; ; ) {
    const digit = left % 128;
    left = Math.floor(left / 128);
    out[at++] = left > 0 ? digit | 0x80 : digit;
    if (left === 0) break;
  }
  out.writeUInt16BE(topicBytes, at);
  at += 2;
  at += out.write(publish.topic, at, 'utf8');
  // Packet id 1 stands in until encode() writes the frame's own.
  if (publish.qos > 0) at = out.writeUInt16BE(1, at);
  // MQTT 5.0: a property length of 0.
  if (version === 5) out[at++] = 0;
  out.set(payload, at);
  return out;
}

function varIntLength(value: number): number {
  return value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;
}

/** A framed PUBLISH as kept in a session's state: where its packet id sits, found again. */
export function publishFrameOf(bytes: Buffer): PublishFrame {
  let at = websocketHeaderLength(bytes);
  const qos = (bytes[at] >> 1) & 3;
  if (qos === 0) return { bytes, packetIdOffset: -1, packetId: 0 };
  // Fixed header: 1 byte + remaining length (1-4 bytes, continuation bit 0x80); then the topic.
  at++;
  while (bytes[at] & 0x80) at++;
  at++;
  const packetIdOffset = at + 2 + bytes.readUInt16BE(at);
  return { bytes, packetIdOffset, packetId: bytes.readUInt16BE(packetIdOffset) };
}

/**
 * The frame's bytes with this recipient's packet id (and the DUP flag of a re-delivery): the
 * shared bytes themselves when they already carry it, else a copy. Only the copy being written is
 * per recipient: what a session holds until the PUBACK is the shared frame, so a fan-out's
 * copies die young instead of outliving a garbage collection.
 */
export function withPacketId(publish: PublishFrame, packetId: number, dup = false): Buffer {
  if (packetId === publish.packetId && !dup) return publish.bytes;
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
