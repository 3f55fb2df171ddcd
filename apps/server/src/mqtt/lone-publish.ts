import type { IPublishPacket, QoS } from 'mqtt-packet';

/**
 * A WebSocket frame that holds one whole PUBLISH and nothing else, read without mqtt-packet's
 * streaming parser (a buffer list, a Packet object and a debug call per field): a publisher of
 * many small messages sends one such frame per message. Only the plain shape is read here;
 * MQTT 5.0 PUBLISHes with properties, and anything malformed, return null and go through the
 * parser, which reports errors as it always has. The packet is the one mqtt-packet would emit
 * (lone-publish.spec.ts compares them); its payload is a view of the frame, as mqtt-packet's is.
 */
export function lonePublish(frame: Buffer, version: number): IPublishPacket | null {
  const first = frame[0];
  if (frame.length < 4 || first >> 4 !== 3) return null;
  const qos = (first >> 1) & 3;
  if (qos === 3) return null;
  // Remaining length: 1-4 bytes of 7 bits (MQTT 5.0 §1.5.5); the packet must end with the frame.
  let at = 1;
  let remaining = 0;
  let multiplier = 1;
  for (;;) {
    if (at > 4) return null;
    const byte = frame[at++];
    remaining += (byte & 0x7f) * multiplier;
    if ((byte & 0x80) === 0) break;
    multiplier *= 128;
  }
  const end = frame.length;
  if (at + remaining !== end || at + 2 > end) return null;
  const topicEnd = at + 2 + ((frame[at] << 8) | frame[at + 1]);
  if (topicEnd > end) return null;
  const topic = frame.toString('utf8', at + 2, topicEnd);
  at = topicEnd;
  let messageId: number | undefined;
  if (qos > 0) {
    if (at + 2 > end) return null;
    messageId = (frame[at] << 8) | frame[at + 1];
    at += 2;
  }
  if (version === 5) {
    // A property length of 0, and nothing else: properties are mqtt-packet's to read.
    if (at >= end || frame[at] !== 0) return null;
    at++;
  }
  const packet: IPublishPacket = {
    cmd: 'publish',
    retain: (first & 0x01) !== 0,
    qos: qos as QoS,
    dup: (first & 0x08) !== 0,
    length: remaining,
    topic,
    payload: frame.subarray(at, end),
  };
  if (messageId !== undefined) packet.messageId = messageId;
  return packet;
}
