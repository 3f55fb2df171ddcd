/**
 * Server-to-client WebSocket frames (RFC 6455 §5.2: FIN set, no mask, no extensions), built once
 * and written as the same bytes to every recipient's socket. `ws` would frame again on every
 * send; fan-out pays that per recipient, so the hot path frames itself.
 */
export const OPCODE_TEXT = 0x1;
export const OPCODE_BINARY = 0x2;

export function frameHeaderLength(payloadLength: number): number {
  return payloadLength < 126 ? 2 : payloadLength < 65536 ? 4 : 10;
}

/** Writes the header at the start of `target`; returns where the payload begins. */
export function writeFrameHeader(target: Buffer, opcode: number, payloadLength: number): number {
  target[0] = 0x80 | opcode;
  if (payloadLength < 126) {
    target[1] = payloadLength;
    return 2;
  }
  if (payloadLength < 65536) {
    target[1] = 126;
    target.writeUInt16BE(payloadLength, 2);
    return 4;
  }
  target[1] = 127;
  target.writeUInt32BE(Math.floor(payloadLength / 2 ** 32), 2);
  target.writeUInt32BE(payloadLength >>> 0, 6);
  return 10;
}

export function frame(opcode: number, payload: Buffer): Buffer {
  const out = Buffer.allocUnsafe(frameHeaderLength(payload.length) + payload.length);
  payload.copy(out, writeFrameHeader(out, opcode, payload.length));
  return out;
}

/** One frame whose payload is `prefix + decimal(number) + suffix`, with no intermediate string. */
export function frameWithNumber(opcode: number, prefix: Buffer, value: number, suffix: Buffer): Buffer {
  const digits = String(value);
  const length = prefix.length + digits.length + suffix.length;
  const out = Buffer.allocUnsafe(frameHeaderLength(length) + length);
  let at = writeFrameHeader(out, opcode, length);
  at += prefix.copy(out, at);
  at += out.write(digits, at, 'latin1');
  suffix.copy(out, at);
  return out;
}
