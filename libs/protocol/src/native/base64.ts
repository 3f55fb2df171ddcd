/**
 * Standard base64 (RFC 4648 §4) for `dataType: "binary"` payloads (spec/client-protocols.md §4.1,
 * §4.2). Pure so libs/protocol stays free of Node's Buffer.
 *
 * Decoding is strict about the alphabet — a client payload that is not base64 is refused rather
 * than silently truncated — but accepts a missing final padding. Whitespace and the URL-safe
 * alphabet are refused (the SDK sends padded standard base64).
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const PAD = 0x3d; // '='

const ENCODE = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const DECODE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

// String.fromCharCode takes its characters as arguments; keep each call well under engine limits.
const CHUNK = 0x8000;

export function encodeBase64(bytes: Uint8Array): string {
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out[o++] = ENCODE[n >>> 18];
    out[o++] = ENCODE[(n >>> 12) & 63];
    out[o++] = ENCODE[(n >>> 6) & 63];
    out[o++] = ENCODE[n & 63];
  }
  const rest = bytes.length - i;
  if (rest > 0) {
    const n = (bytes[i] << 16) | (rest === 2 ? bytes[i + 1] << 8 : 0);
    out[o++] = ENCODE[n >>> 18];
    out[o++] = ENCODE[(n >>> 12) & 63];
    out[o++] = rest === 2 ? ENCODE[(n >>> 6) & 63] : PAD;
    out[o++] = PAD;
  }
  let text = '';
  for (let c = 0; c < out.length; c += CHUNK) {
    text += String.fromCharCode(...out.subarray(c, c + CHUNK));
  }
  return text;
}

/** The decoded bytes, or undefined when `text` is not base64. */
export function decodeBase64(text: string): Uint8Array | undefined {
  let end = text.length;
  if (end % 4 === 0 && end > 0 && text.charCodeAt(end - 1) === PAD) {
    end -= text.charCodeAt(end - 2) === PAD ? 2 : 1;
  }
  if (end % 4 === 1) return undefined;
  const bytes = new Uint8Array(Math.floor((end * 3) / 4));
  let b = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? DECODE[c] : -1;
    if (v < 0) return undefined;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[b++] = (acc >>> bits) & 0xff;
    }
  }
  return bytes;
}
