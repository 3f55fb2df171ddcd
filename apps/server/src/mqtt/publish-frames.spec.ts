import type { MqttProtocolVersion, OutgoingPublish } from '@switchboard/protocol';
import { parser as createParser, type IPublishPacket } from 'mqtt-packet';
import { OutboundMessage } from '../messaging/outbound-message';
import { encode, mqttPacketPublishFrame as reference, publishFrame, websocketHeaderLength, withPacketId, type PublishFrame } from './publish-frames';

function parsed(bytes: Buffer, version: MqttProtocolVersion): IPublishPacket {
  const parser = createParser({ protocolVersion: version });
  const packets: IPublishPacket[] = [];
  parser.on('packet', (packet) => packets.push(packet as IPublishPacket));
  parser.parse(bytes.subarray(websocketHeaderLength(bytes)));
  expect(packets).toHaveLength(1);
  return packets[0];
}

/** mqtt-packet's frame (packet id 1) with the packet id `frame` took. */
function withOwnPacketId(expected: Buffer, frame: PublishFrame): Buffer {
  if (frame.packetIdOffset >= 0) expected.writeUInt16BE(frame.packetId, frame.packetIdOffset);
  return expected;
}

describe('PUBLISH frames', () => {
  // Sizes around the WebSocket header's (125/126, 65535/65536) and the remaining length's (127/128, 16383/16384) steps.
  const payloadSizes = [0, 1, 100, 120, 121, 122, 123, 124, 125, 126, 127, 128, 16_370, 16_384, 65_520, 65_536, 2_100_000];
  const topics = ['t', 'sensors/room-1/temperature', 'ünïcödé/主题', 'x'.repeat(300)];

  for (const version of [4, 5] as const) {
    for (const qos of [0, 1, 2] as const) {
      it(`are mqtt-packet's bytes, framed, for MQTT ${version === 5 ? '5.0' : '3.1.1'} QoS ${qos}`, () => {
        for (const topic of topics) {
          for (const size of payloadSizes) {
            const publish: OutgoingPublish = { topic, payload: Buffer.alloc(size, 7), qos, retain: size % 2 === 1 };
            const encoded = encode(publish, version);
            expect(encoded.bytes.equals(withOwnPacketId(reference(publish, version), encoded))).toBe(true);
          }
        }
      });
    }
  }

  it('carry properties through mqtt-packet, and an empty set of them as none', () => {
    const base: OutgoingPublish = { topic: 'a/b', payload: Buffer.from('hi'), qos: 1, retain: false };
    const withExpiry = { ...base, properties: { messageExpiryInterval: 30 } };
    const empty = { ...base, properties: { messageExpiryInterval: undefined } };
    const expiring = encode(withExpiry, 5);
    expect(expiring.bytes.equals(withOwnPacketId(reference(withExpiry, 5), expiring))).toBe(true);
    expect(parsed(expiring.bytes, 5).properties?.messageExpiryInterval).toBe(30);
    const none = encode(empty, 5);
    expect(none.bytes.equals(withOwnPacketId(reference(base, 5), none))).toBe(true);
  });

  it("take each recipient's packet id and the DUP flag where the packet id sits", () => {
    for (const version of [4, 5] as const) {
      const shared = encode({ topic: 'ids/π', payload: Buffer.from('payload'), qos: 1, retain: false }, version);
      const packet = parsed(withPacketId(shared, 4242, true), version);
      expect(packet.messageId).toBe(4242);
      expect(packet.dup).toBe(true);
      expect(packet.topic).toBe('ids/π');
      expect(Buffer.from(packet.payload).toString()).toBe('payload');
      expect(encode({ topic: 'q0', payload: Buffer.alloc(1), qos: 0, retain: false }, version).packetIdOffset).toBe(-1);
    }
  });

  it('carry a packet id of their own, the next one for each new frame, which recipients that have it free send as it is', () => {
    const publish: OutgoingPublish = { topic: 'ids', payload: Buffer.from('x'), qos: 1, retain: false };
    const first = encode(publish, 4);
    const second = encode({ ...publish, qos: 2 }, 5);
    expect(parsed(first.bytes, 4).messageId).toBe(first.packetId);
    expect(parsed(second.bytes, 5).messageId).toBe(second.packetId);
    expect(second.packetId).toBe(first.packetId === 65535 ? 1 : first.packetId + 1);
    expect(withPacketId(first, first.packetId)).toBe(first.bytes);
    expect(withPacketId(first, first.packetId, true)).not.toBe(first.bytes);
    expect(parsed(withPacketId(first, first.packetId, true), 4).dup).toBe(true);
    expect(first.bytes[websocketHeaderLength(first.bytes)] & 0x08).toBe(0);
    expect(encode({ ...publish, qos: 0 }, 4).packetId).toBe(0);
  });

  it('are shared by the recipients of a message that get the same PUBLISH, and only by them', () => {
    const message = new OutboundMessage({ hub: 'h', target: { kind: 'group', group: 'g' }, payload: { dataType: 'text', data: 'x' }, from: { kind: 'server' } });
    const other = new OutboundMessage(message.send);
    const publish: OutgoingPublish = { topic: 'g', payload: Buffer.from('x'), qos: 1, retain: false };
    const first = publishFrame(message, publish, 4);
    expect(publishFrame(message, { ...publish }, 4)).toBe(first);
    const qos0 = publishFrame(message, { ...publish, qos: 0 }, 4);
    expect(qos0).not.toBe(first);
    expect(publishFrame(message, publish, 4)).toBe(first);
    expect(publishFrame(message, { ...publish, properties: { subscriptionIdentifier: 3 } }, 5)).not.toBe(publishFrame(message, publish, 5));
    expect(publishFrame(message, { ...publish, properties: { subscriptionIdentifier: 3 } }, 5)).toBe(publishFrame(message, { ...publish, properties: { subscriptionIdentifier: 3 } }, 5));
    expect(publishFrame(other, publish, 4)).not.toBe(first);
    expect(parsed(publishFrame(message, { ...publish, properties: { subscriptionIdentifier: 3 } }, 5).bytes, 5).properties?.subscriptionIdentifier).toBe(3);
    expect(qos0.packetIdOffset).toBe(-1);
  });
});
