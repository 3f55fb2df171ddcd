import {
  bytesOfPayload,
  dataTypeOfContentType,
  isValidMediaType,
  payloadOfContent,
  payloadOfPublish,
  publishPropertiesOfDataType,
} from './content-type';
import type { JsonText } from '../native/json-text';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('content type ↔ data type', () => {
  describe('MQTT content type to native dataType (mqtt.md §4)', () => {
    it.each([
      ['application/json', 'json'],
      ['text/plain', 'text'],
      ['application/octet-stream', 'binary'],
      ['image/png', 'binary'],
      [undefined, 'binary'],
    ] as const)('maps %j to %s', (contentType, dataType) => {
      expect(dataTypeOfContentType(contentType)).toBe(dataType);
    });

    it('ignores parameters and the case of the media type', () => {
      expect(dataTypeOfContentType('application/json; charset=utf-8')).toBe('json');
      expect(dataTypeOfContentType(' Text/Plain ;charset=UTF-8')).toBe('text');
    });

    it('keeps protobuf binary until the later wave switches it on', () => {
      expect(dataTypeOfContentType('application/x-protobuf')).toBe('binary');
      expect(dataTypeOfContentType('application/x-protobuf', { protobuf: true })).toBe('protobuf');
    });
  });

  describe('the payload a native client receives', () => {
    it('carries JSON as the text the MQTT client wrote', () => {
      expect(payloadOfContent(utf8('{"a": 12345678901234567890}'), 'application/json')).toEqual({
        dataType: 'json',
        data: '{"a": 12345678901234567890}',
      });
    });

    it('falls back to binary for invalid JSON (spec recommendation)', () => {
      const bytes = utf8('{not json');
      expect(payloadOfContent(bytes, 'application/json')).toEqual({ dataType: 'binary', data: bytes });
    });

    it('decodes text/plain as UTF-8 and falls back to binary when it is not', () => {
      expect(payloadOfContent(utf8('h\u00e9llo'), 'text/plain')).toEqual({ dataType: 'text', data: 'h\u00e9llo' });
      const notUtf8 = new Uint8Array([0xff, 0xfe]);
      expect(payloadOfContent(notUtf8, 'text/plain')).toEqual({ dataType: 'binary', data: notUtf8 });
    });

    it('makes every 3.1.1 message binary, whatever its bytes', () => {
      const bytes = utf8('{"a":1}');
      expect(payloadOfPublish(bytes, 4, { contentType: 'application/json' })).toEqual({ ok: true, payload: { dataType: 'binary', data: bytes } });
    });

    it('refuses a payload format indicator of UTF-8 on bytes that are not', () => {
      expect(payloadOfPublish(new Uint8Array([0xc3]), 5, { payloadFormatIndicator: true })).toMatchObject({
        ok: false,
        failure: 'payloadFormatInvalid',
      });
      expect(payloadOfPublish(utf8('ok'), 5, { payloadFormatIndicator: true })).toMatchObject({ ok: true });
    });
  });

  describe('what an MQTT receiver gets for a native or REST message (mqtt.md §5)', () => {
    it.each([
      ['text', 'text/plain'],
      ['json', 'application/json'],
      ['binary', 'application/octet-stream'],
      ['protobuf', 'application/x-protobuf'],
    ] as const)('publishes %s with content type %s to 5.0', (dataType, contentType) => {
      expect(publishPropertiesOfDataType(dataType, 5)).toEqual({ contentType });
    });

    it('sends no properties to 3.1.1', () => {
      expect(publishPropertiesOfDataType('json', 4)).toBeUndefined();
    });

    it('sends UTF-8 for text and json and the raw bytes for binary', () => {
      expect(bytesOfPayload({ dataType: 'text', data: '\u00e9' })).toEqual(new Uint8Array([0xc3, 0xa9]));
      expect(bytesOfPayload({ dataType: 'json', data: '{"a":1}' as JsonText })).toEqual(utf8('{"a":1}'));
      const bytes = new Uint8Array([1, 2, 3]);
      expect(bytesOfPayload({ dataType: 'binary', data: bytes })).toBe(bytes);
    });

    it('encodes a message once however many receivers it has', () => {
      const payload = { dataType: 'text', data: 'hi' } as const;
      expect(bytesOfPayload(payload)).toBe(bytesOfPayload(payload));
    });

    it('round-trips a leading byte order mark', () => {
      const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x68, 0x69]);
      const payload = payloadOfContent(bytes, 'text/plain');
      expect(bytesOfPayload(payload)).toEqual(bytes);
    });
  });

  describe('MIME types a user event may carry (upstream-events.md §8.4)', () => {
    it.each(['application/json', 'text/plain; charset=utf-8', 'application/vnd.a+json;v="1 2"'])('accepts %j', (type) => {
      expect(isValidMediaType(type)).toBe(true);
    });

    it.each(['', 'json', 'text/', 'a b/c', 'text/plain\r\nx: y', 'text/plain; charset'])('refuses %j', (type) => {
      expect(isValidMediaType(type)).toBe(false);
    });
  });
});
