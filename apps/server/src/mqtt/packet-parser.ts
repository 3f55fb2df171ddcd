import { createRequire } from 'node:module';
import { parser as createParser, writeToStream } from 'mqtt-packet';

type Parser = ReturnType<typeof createParser>;

/**
 * mqtt-packet writes packet ids and lengths from a table of 65,536 two-byte Buffers, built on its
 * first use: 7 MB that stay for the life of the process. The PUBLISHes of a fan-out are encoded
 * once per message whatever this says (publish-frames.ts); the control packets it still
 * generates can build their few bytes each time.
 */
writeToStream.cacheNumbers = false;

/**
 * mqtt-packet's parser buffers input in a `bl` BufferListStream: a whole Duplex stream for every
 * connection (about 1 KB while idle), of which it uses only the list methods (append, consume,
 * slice, readUInt*). The plain BufferList of the same `bl` has them all, so each connection gets
 * one of those instead. MQTT input goes through this parser in every MQTT test.
 */
const fromMqttPacket = createRequire(require.resolve('mqtt-packet'));
const { BufferList } = fromMqttPacket('bl') as { BufferList: new () => object };

/** The parser's state names, read by index only: one array for every connection. */
const STATES = Object.freeze(['_parseHeader', '_parseLength', '_parsePayload', '_newPacket']);
const STATE_NAMES = STATES.join();

interface ParserInternals {
  _list?: { append?: unknown; _bufs?: unknown[] };
  _states?: readonly string[];
  settings?: { protocolVersion?: number };
}

export function createPacketParser(): Parser {
  const parser = createParser();
  const internals = parser as unknown as ParserInternals;
  if (typeof internals._list?.append === 'function') internals._list = new BufferList();
  if (internals._states?.join() === STATE_NAMES) internals._states = STATES;
  return parser;
}

/**
 * The parser keeps the CONNECT packet it parsed (client id, credentials, will) as its settings,
 * for the protocol version alone: once the session has it, the version is all the parser keeps.
 * Its emptied buffer list gives back the slots the CONNECT's frames took, as most connections
 * idle from here on.
 */
export function forgetConnectPacket(parser: Parser, protocolVersion: number): void {
  const internals = parser as unknown as ParserInternals;
  internals.settings = { protocolVersion };
  const buffers = internals._list?._bufs;
  if (buffers?.length === 0) buffers.length = 0;
}
