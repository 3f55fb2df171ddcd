import type { MqttProtocolVersion, OutgoingPublish } from '@switchboard/protocol';
import { parser as createParser, type IPublishPacket } from 'mqtt-packet';
import { encode, mqttPacketPublishFrame as reference, websocketHeaderLength, withPacketId } from './publish-frames';

function parsed(bytes: Buffer, version: MqttProtocolVersion): IPublishPacket {
  const parser = createParser({ protocolVersion: version });
  const packets: IPublishPacket[] = [];
  parser.on('packet', (packet) => packets.push(packet as IPublishPacket));
  parser.parse(bytes.subarray(websocketHeaderLength(bytes)));
  expect(packets).toHaveLength(1);
  return packets[0];
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
            expect(encode(publish, version).bytes.equals(reference(publish, version))).toBe(true);
          }
        }
      });
    }
  }

  it('carry properties through mqtt-packet, and an empty set of them as none', () => {
    const base: OutgoingPublish = { topic: 'a/b', payload: Buffer.from('hi'), qos: 1, retain: false };
    const withExpiry = { ...base, properties: { messageExpiryInterval: 30 } };
    const empty = { ...base, properties: { messageExpiryInterval: undefined } };
    expect(encode(withExpiry, 5).bytes.equals(reference(withExpiry, 5))).toBe(true);
    expect(parsed(encode(withExpiry, 5).bytes, 5).properties?.messageExpiryInterval).toBe(30);
    expect(encode(empty, 5).bytes.equals(reference(base, 5))).toBe(true);
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
});
