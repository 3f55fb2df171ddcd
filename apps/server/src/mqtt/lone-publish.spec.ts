import { generate, parser as createParser, type Packet } from 'mqtt-packet';
import { lonePublish } from './lone-publish';

/** What mqtt-packet's parser makes of `frame`: its packets, and whether it failed. */
function parsedByMqttPacket(frame: Buffer, version: number): { packets: Packet[]; failed: boolean } {
  const parser = createParser({ protocolVersion: version });
  const packets: Packet[] = [];
  let failed = false;
  parser.on('packet', (packet) => packets.push(packet));
  parser.on('error', () => (failed = true));
  parser.parse(frame);
  return { packets, failed };
}

function plain(packet: Packet): Record<string, unknown> {
  return { ...packet, payload: Buffer.from((packet as { payload: Buffer }).payload) };
}

describe('a frame that is one PUBLISH', () => {
  const topics = ['t', 'sensors/room-1/temperature', 'ünïcödé/主题', 'x'.repeat(300), ''];
  const payloadSizes = [0, 1, 64, 120, 121, 122, 123, 124, 125, 126, 127, 128, 16_384];

  for (const version of [4, 5] as const) {
    it(`is read as mqtt-packet reads it, MQTT ${version === 5 ? '5.0' : '3.1.1'}`, () => {
      for (const qos of [0, 1, 2] as const) {
        for (const topic of topics) {
          for (const size of payloadSizes) {
            const packet = { cmd: 'publish', topic, payload: Buffer.alloc(size, size % 251), qos, retain: size % 2 === 1, dup: qos > 0 && size % 3 === 0, messageId: qos > 0 ? 1 + (size % 65535) : undefined } as Packet;
            const frame = generate(packet, { protocolVersion: version });
            const reference = parsedByMqttPacket(frame, version);
            expect(reference.packets).toHaveLength(1);
            const read = lonePublish(frame, version);
            expect(read).not.toBeNull();
            expect(plain(read!)).toEqual(plain(reference.packets[0]));
          }
        }
      }
    });
  }

  it('is left to the parser when it has properties, is not whole, or is not alone in its frame', () => {
    const publish = (extra: object = {}, version = 4) =>
      generate({ cmd: 'publish', topic: 'a/b', payload: Buffer.from('hi'), qos: 1, retain: false, dup: false, messageId: 7, ...extra } as Packet, { protocolVersion: version });
    expect(lonePublish(publish({ properties: { messageExpiryInterval: 30 } }, 5), 5)).toBeNull();
    expect(lonePublish(publish({ properties: { topicAlias: 3 } }, 5), 5)).toBeNull();
    const whole = publish();
    expect(lonePublish(whole.subarray(0, whole.length - 1), 4)).toBeNull();
    expect(lonePublish(Buffer.concat([whole, whole]), 4)).toBeNull();
    expect(lonePublish(generate({ cmd: 'puback', messageId: 7 } as Packet), 4)).toBeNull();
    expect(lonePublish(generate({ cmd: 'pingreq' } as Packet), 4)).toBeNull();
    // QoS 3 is malformed: the parser says so.
    const qos3 = Buffer.from(whole);
    qos3[0] |= 0x06;
    expect(lonePublish(qos3, 4)).toBeNull();
    expect(parsedByMqttPacket(qos3, 4).failed).toBe(true);
  });

  it('is read as mqtt-packet reads it, or left to it, whatever its bytes', () => {
    // Valid frames, and mutations of them: a header byte or any byte changed, the frame cut short
    // or made longer.
    let seed = 42;
    const random = (below: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31), seed % below);
    let read = 0;
    for (let i = 0; i < 8_000; i++) {
      const version = random(2) === 0 ? 4 : 5;
      const qos = random(3);
      const base = generate({ cmd: 'publish', topic: 't/'.repeat(random(4)), payload: Buffer.alloc(random(200), 1), qos, retain: false, dup: false, messageId: qos ? 1 + random(65535) : undefined } as Packet, { protocolVersion: version });
      let frame = Buffer.from(base);
      const mutation = random(5);
      if (mutation === 0) frame[random(Math.min(frame.length, 8))] = random(256);
      if (mutation === 1) frame = frame.subarray(0, random(frame.length));
      if (mutation === 2) frame = Buffer.concat([frame, Buffer.alloc(1 + random(3), random(256))]);
      if (mutation === 3) frame[random(frame.length)] = random(256);
      const fast = frame.length > 0 ? lonePublish(frame, version) : null;
      if (fast === null) continue;
      read++;
      const reference = parsedByMqttPacket(frame, version);
      expect(reference.failed).toBe(false);
      expect(reference.packets).toHaveLength(1);
      expect(plain(fast)).toEqual(plain(reference.packets[0]));
    }
    // Enough of them were whole PUBLISHes for the comparison to mean something.
    expect(read).toBeGreaterThan(2_000);
  });
});
