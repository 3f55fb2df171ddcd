import { toHeaderValue } from './header-value';

describe('header values', () => {
  it('sends printable ASCII as is', () => {
    expect(toHeaderValue('alice@example.com\tx')).toBe('alice@example.com\tx');
  });

  it('sends other text as its UTF-8 bytes, one character per byte', () => {
    expect(toHeaderValue('José')).toBe('Jos\u00c3\u00a9');
    expect(toHeaderValue('日本')).toBe('\u00e6\u0097\u00a5\u00e6\u009c\u00ac');
  });

  it('never lets CR, LF or NUL end the header', () => {
    expect(toHeaderValue('a\r\nb\0c')).toBe('a  b c');
  });

  it('gives only characters fetch accepts in a header', () => {
    const value = toHeaderValue('Zoë 日本 \u{1F600}');
    expect([...value].every((c) => c.charCodeAt(0) <= 0xff)).toBe(true);
    expect(() => new Headers({ 'ce-userId': value })).not.toThrow();
  });
});
