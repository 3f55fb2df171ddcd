import { lonePubackId } from './lone-puback';

describe('lonePubackId', () => {
  it('reads the packet id of a frame holding one PUBACK', () => {
    expect(lonePubackId(Uint8Array.from([0x40, 0x02, 0x12, 0x34]))).toBe(0x1234);
    expect(lonePubackId(Uint8Array.from([0x40, 0x02, 0xff, 0xff]))).toBe(65535);
  });

  it('leaves every other frame to the parser', () => {
    // v5 PUBACK with a reason code, two PUBACKs in one frame, a PUBREC, reserved flag bits, a bad length.
    for (const bytes of [[0x40, 0x03, 0x00, 0x01, 0x10], [0x40, 0x02, 0x00, 0x01, 0x40, 0x02, 0x00, 0x02], [0x50, 0x02, 0x00, 0x01], [0x41, 0x02, 0x00, 0x01], [0x40, 0x01, 0x00, 0x01], [0x40, 0x02, 0x00]]) {
      expect(lonePubackId(Uint8Array.from(bytes))).toBe(-1);
    }
  });
});
