import { createRequire } from 'node:module';
import { parser as createParser } from 'mqtt-packet';

type Parser = ReturnType<typeof createParser>;

/**
 * mqtt-packet's parser buffers input in a `bl` BufferListStream: a whole Duplex stream for every
 * connection (about 1 KB while idle), of which it uses only the list methods (append, consume,
 * slice, readUInt*). The plain BufferList of the same `bl` has them all, so each connection gets
 * one of those instead. MQTT input goes through this parser in every MQTT test.
 */
const fromMqttPacket = createRequire(require.resolve('mqtt-packet'));
const { BufferList } = fromMqttPacket('bl') as { BufferList: new () => object };

export function createPacketParser(): Parser {
  const parser = createParser();
  const internals = parser as unknown as { _list?: { append?: unknown } };
  if (typeof internals._list?.append === 'function') internals._list = new BufferList();
  return parser;
}
