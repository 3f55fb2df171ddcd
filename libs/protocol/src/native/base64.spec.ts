import { decodeBase64, encodeBase64 } from './base64';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

describe('base64', () => {
  it.each([
    [[], ''],
    [[1], 'AQ=='],
    [[1, 2], 'AQI='],
    [[1, 2, 3], 'AQID'],
    [[0xff, 0xfe, 0xfd, 0xfc], '//79/A=='],
  ])('encodes %j as %j', (input, expected) => {
    expect(encodeBase64(bytes(...input))).toBe(expected);
    expect(decodeBase64(expected)).toEqual(bytes(...input));
  });

  it('agrees with Node for every length up to 64 and a large buffer', () => {
    for (let length = 0; length <= 64; length++) {
      const input = Uint8Array.from({ length }, (_, i) => (i * 37 + length) & 0xff);
      const expected = Buffer.from(input).toString('base64');
      expect(encodeBase64(input)).toBe(expected);
      expect(decodeBase64(expected)).toEqual(input);
    }
    const large = Uint8Array.from({ length: 200_001 }, (_, i) => (i * 7919) & 0xff);
    const text = encodeBase64(large);
    expect(text).toBe(Buffer.from(large).toString('base64'));
    expect(decodeBase64(text)).toEqual(large);
  });

  it('accepts a missing final padding', () => {
    expect(decodeBase64('AQ')).toEqual(bytes(1));
    expect(decodeBase64('AQI')).toEqual(bytes(1, 2));
  });

  it('decodes a subarray view correctly', () => {
    const buffer = bytes(9, 1, 2, 3, 9);
    expect(encodeBase64(buffer.subarray(1, 4))).toBe('AQID');
  });

  it.each(['A', 'AQ=', 'A===', 'AQ==AQ==', 'AQ I=', 'AQ\n==', '-_8=', 'AQ!D', 'é'])('refuses %j', (text) => {
    expect(decodeBase64(text)).toBeUndefined();
  });
});
