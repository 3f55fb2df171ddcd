/**
 * MQTT 5 Content Type ↔ Web PubSub data type (spec/mqtt.md §4 "What native clients receive",
 * §5 "Payload and properties for messages that came from native clients or REST").
 */
import { toJsonText } from '../native/json-text';
import type { DataType, MessagePayload } from '../native/message-payload';
import { propertiesOf, type PublishProperties } from './application-message';
import type { MqttProtocolVersion } from './protocol-version';

/** The content type each data type is published with to a 5.0 receiver (mqtt.md §5 table). */
export const CONTENT_TYPE_OF_DATA_TYPE: Readonly<Record<DataType, string>> = {
  json: 'application/json',
  text: 'text/plain',
  binary: 'application/octet-stream',
  protobuf: 'application/x-protobuf',
};

export interface DataTypeOptions {
  /**
   * Map `application/x-protobuf` to the `protobuf` data type. Off until the protobuf protocols'
   * later wave: until then it is `binary` (mqtt.md §4 table).
   */
  protobuf?: boolean;
}

/**
 * The media type without parameters, lower-cased: the spec's exact-string match is unconfirmed
 * for parameters such as `; charset=utf-8` and says to ignore them (mqtt.md §4), and media type
 * names are case-insensitive (RFC 9110 §8.3.1).
 */
export function mediaTypeOf(contentType: string): string {
  const semicolon = contentType.indexOf(';');
  return (semicolon < 0 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}

/** The data type a content type names; absent or unknown is `binary` (mqtt.md §4 table). */
export function dataTypeOfContentType(contentType: string | undefined, options: DataTypeOptions = {}): DataType {
  if (contentType === undefined) return 'binary';
  switch (mediaTypeOf(contentType)) {
    case CONTENT_TYPE_OF_DATA_TYPE.json:
      return 'json';
    case CONTENT_TYPE_OF_DATA_TYPE.text:
      return 'text';
    case CONTENT_TYPE_OF_DATA_TYPE.protobuf:
      return options.protobuf === true ? 'protobuf' : 'binary';
    default:
      return 'binary';
  }
}

// ignoreBOM keeps a leading U+FEFF, so text decodes and re-encodes to the same bytes.
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Encoder = new TextEncoder();

/** The text, or undefined when the bytes are not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8Decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * The message a native client receives for these bytes. A payload its content type cannot
 * describe (`application/json` that is not JSON, `text/plain` that is not UTF-8) falls back to
 * `binary`: the spec's recommendation for invalid JSON (mqtt.md §4, unconfirmed), applied to text
 * alike. Also the mapping of an upstream response body's Content-Type (client-protocols.md §4.2).
 */
export function payloadOfContent(bytes: Uint8Array, contentType: string | undefined, options: DataTypeOptions = {}): MessagePayload {
  const dataType = dataTypeOfContentType(contentType, options);
  switch (dataType) {
    case 'json': {
      const text = decodeUtf8(bytes);
      const json = text === undefined ? undefined : toJsonText(text);
      return json === undefined ? { dataType: 'binary', data: bytes } : { dataType: 'json', data: json };
    }
    case 'text': {
      const text = decodeUtf8(bytes);
      return text === undefined ? { dataType: 'binary', data: bytes } : { dataType: 'text', data: text };
    }
    case 'binary':
    case 'protobuf':
      return { dataType, data: bytes };
  }
}

export type PublishPayloadResult =
  | { ok: true; payload: MessagePayload }
  | { ok: false; failure: 'payloadFormatInvalid'; problem: string };

/**
 * The Web PubSub payload of a PUBLISH. A 3.1.1 message is always `binary` (mqtt.md §4). A 5.0
 * Payload Format Indicator of 1 promises UTF-8; bytes that break the promise are refused
 * (MQTT 5.0 §3.3.2.3.2 lets the receiver check, and 0x99 is the answer it names).
 */
export function payloadOfPublish(
  payload: Uint8Array,
  version: MqttProtocolVersion,
  properties: PublishProperties | undefined,
  options: DataTypeOptions = {},
): PublishPayloadResult {
  const props = propertiesOf(version, properties);
  if (props.payloadFormatIndicator === true && decodeUtf8(payload) === undefined) {
    return { ok: false, failure: 'payloadFormatInvalid', problem: 'payload format indicator says UTF-8 but the payload is not UTF-8' };
  }
  return { ok: true, payload: payloadOfContent(payload, props.contentType, options) };
}

// Encoded once per message however many MQTT receivers it has (ARCHITECTURE.md "flow of one message").
const encodedText = new WeakMap<MessagePayload, Uint8Array>();

/** The PUBLISH payload bytes of a message (mqtt.md §5 table: UTF-8 for text and json). */
export function bytesOfPayload(payload: MessagePayload): Uint8Array {
  if (payload.dataType === 'binary' || payload.dataType === 'protobuf') return payload.data;
  let bytes = encodedText.get(payload);
  if (bytes === undefined) {
    bytes = utf8Encoder.encode(payload.data);
    encodedText.set(payload, bytes);
  }
  return bytes;
}

/**
 * PUBLISH properties for a message that came from a native client or REST: only the Content
 * Type (mqtt.md §5 table); 3.1.1 receivers get the bytes without any (undefined).
 */
export function publishPropertiesOfDataType(dataType: DataType, version: MqttProtocolVersion): PublishProperties | undefined {
  return version === 5 ? { contentType: CONTENT_TYPE_OF_DATA_TYPE[dataType] } : undefined;
}

/**
 * Whether a content type can become an HTTP Content-Type: `type/subtype` of RFC 9110 tokens with
 * optional `; name=value` parameters (upstream-events.md §8.4: "must be a valid MIME type").
 */
export function isValidMediaType(contentType: string): boolean {
  return MEDIA_TYPE.test(contentType);
}

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const QUOTED = '"(?:[\\t !#-\\[\\]-~]|\\\\[\\t -~])*"';
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(?:[ \\t]*;[ \\t]*${TOKEN}=(?:${TOKEN}|${QUOTED}))*$`);
