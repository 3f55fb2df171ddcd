import WebSocket from 'ws';

// ws ships Sender at runtime; its types do not declare it.
const { Sender } = WebSocket as unknown as { Sender: { frame(data: Buffer, options: object): Buffer[] } };
import { frame, frameWithNumber, OPCODE_BINARY, OPCODE_TEXT } from './websocket-frame';

/** What `ws` itself writes for an unmasked, unfragmented server frame. */
function wsFrame(opcode: number, payload: Buffer): Buffer {
  return Buffer.concat(Sender.frame(payload, { fin: true, rsv1: false, opcode, mask: false, readOnly: false }));
}

describe('pre-built WebSocket frames', () => {
  it.each([0, 1, 125, 126, 65535, 65536, 200_000])('match ws byte for byte with a %d-byte payload', (size) => {
    const payload = Buffer.alloc(size, 7);
    expect(frame(OPCODE_BINARY, payload).equals(wsFrame(OPCODE_BINARY, payload))).toBe(true);
    expect(frame(OPCODE_TEXT, payload).equals(wsFrame(OPCODE_TEXT, payload))).toBe(true);
  });

  it('splice a number between a prefix and a suffix', () => {
    const built = frameWithNumber(OPCODE_TEXT, Buffer.from('{"sequenceId":'), 12345, Buffer.from('}'));
    expect(built.equals(wsFrame(OPCODE_TEXT, Buffer.from('{"sequenceId":12345}')))).toBe(true);
  });

  it('get the extended length right when the number crosses 125 bytes', () => {
    const prefix = Buffer.alloc(120, 97);
    const built = frameWithNumber(OPCODE_TEXT, prefix, 1234567, Buffer.from('}'));
    expect(built.equals(wsFrame(OPCODE_TEXT, Buffer.concat([prefix, Buffer.from('1234567}')])))).toBe(true);
  });
});
