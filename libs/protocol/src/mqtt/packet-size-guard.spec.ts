import { PacketSizeGuard } from './packet-size-guard';

/** The fixed header of a packet of type `first` whose body has `size` bytes. */
function header(size: number, first = 0x30): number[] {
  const length: number[] = [];
  let value = size;
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    length.push(byte);
  } while (value > 0);
  return [first, ...length];
}

/** The whole packet, body included. */
function packet(size: number, first = 0x30): Uint8Array {
  return Uint8Array.from([...header(size, first), ...new Array<number>(size).fill(7)]);
}

describe('MQTT packet size guard', () => {
  it('passes packets within the limit, split anywhere across chunks', () => {
    const guard = new PacketSizeGuard(300);
    const bytes = Uint8Array.from([...packet(10), ...packet(200), ...packet(0, 0xc0)]);
    for (let i = 0; i < bytes.length; i += 7) expect(guard.feed(bytes.subarray(i, i + 7))).toEqual({ ok: true });
  });

  it('refuses a packet as soon as its header declares more than the limit', () => {
    const guard = new PacketSizeGuard(1024);
    // Only the header of a 256 MB packet: refused before any of its body is seen.
    expect(guard.feed(Uint8Array.from(header(268_435_455)))).toEqual({ ok: false, declaredBytes: 268_435_460, limitBytes: 1024 });
  });

  it('counts the fixed header into the size, and the limit can grow after CONNECT', () => {
    const guard = new PacketSizeGuard(12);
    expect(guard.feed(packet(10))).toEqual({ ok: true });
    expect(guard.feed(packet(11))).toMatchObject({ ok: false, declaredBytes: 13 });
    const later = new PacketSizeGuard(12);
    expect(later.feed(packet(1))).toEqual({ ok: true });
    later.limitBytes = 100;
    expect(later.feed(packet(50))).toEqual({ ok: true });
  });

  it('holds the first packet (CONNECT) to its own bound', () => {
    expect(new PacketSizeGuard(1000, 100).feed(packet(200))).toMatchObject({ ok: false, limitBytes: 100 });
    const guard = new PacketSizeGuard(1000, 100);
    expect(guard.feed(Uint8Array.from([...packet(50), ...packet(500)]))).toEqual({ ok: true });
  });

  it('refuses a remaining length of more than four bytes', () => {
    expect(new PacketSizeGuard(10).feed(Uint8Array.from([0x30, 0x80, 0x80, 0x80, 0x80, 0x01]))).toMatchObject({ ok: false, malformed: expect.any(String) });
  });
});

describe('MQTT packet size guard, packet boundaries', () => {
  it('is at a boundary only once every packet fed so far is whole', () => {
    const guard = new PacketSizeGuard(300);
    expect(guard.atPacketBoundary).toBe(true);
    const bytes = packet(10);
    guard.feed(bytes.subarray(0, 1));
    expect(guard.atPacketBoundary).toBe(false);
    guard.feed(bytes.subarray(1, 5));
    expect(guard.atPacketBoundary).toBe(false);
    guard.feed(bytes.subarray(5));
    expect(guard.atPacketBoundary).toBe(true);
  });
});
