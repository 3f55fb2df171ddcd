import type { NativeProtocol } from '@switchboard/protocol';
import { JSON_CODEC } from './json-codec';
import type { NativeCodec } from './native-codec';
import { PROTOBUF_CODEC } from './protobuf-codec';

/** The codec of a subprotocol; simple clients have none (their frames are the payloads, §3). */
export function codecFor(protocol: NativeProtocol): NativeCodec | null {
  switch (protocol) {
    case 'json':
    case 'jsonReliable':
      return JSON_CODEC;
    case 'protobuf':
    case 'protobufReliable':
      return PROTOBUF_CODEC;
    case 'simple':
      return null;
  }
}
