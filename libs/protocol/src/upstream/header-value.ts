/**
 * Putting text in a header value. A header value is a string of bytes (RFC 9110 §5.5); `fetch`
 * takes it as a "byte string", one character per byte, and throws on anything else. Values that
 * come from clients (a userId from a token, an MQTT event name, §3) may hold any Unicode, so they
 * travel as their UTF-8 bytes: lossless, never refused by `fetch`, and what a receiver that reads
 * headers as UTF-8 expects. The spec is silent on non-ASCII values.
 */
const PLAIN_ASCII = /^[\x20-\x7e\t]*$/;
const UNSENDABLE = /[\r\n\0]/g;

const utf8Encoder = new TextEncoder();

/**
 * The byte string to send for `text`. CR, LF and NUL cannot appear in a header (they would end
 * it), so they become spaces rather than failing the whole request.
 */
export function toHeaderValue(text: string): string {
  if (PLAIN_ASCII.test(text)) return text;
  const bytes = utf8Encoder.encode(text.replace(UNSENDABLE, ' '));
  let value = '';
  for (let i = 0; i < bytes.length; i++) value += String.fromCharCode(bytes[i]);
  return value;
}
