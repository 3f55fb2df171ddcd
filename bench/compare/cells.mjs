// What a comparison measures: each cell is one load-generator scenario run against several
// servers, with the server its ratios are taken against. The fan-out, latency, many-topics and
// connection parameters are the shared anchors' (../shared/bench/ANCHORS.md), so the Mosquitto and
// `ws` figures here can be checked against the anchors measured on this machine kind.

const FANOUT = ['--scenario', 'fanout', '--subs', '1000', '--messages', '1000', '--window', '8', '--payload', '64'];
const MQTT_SERVERS = ['switchboard', 'mosquitto', 'aedes'];

const mqttFanout = (version, qos) => ({
  id: `mqtt-v${version}-qos${qos}`,
  title: `MQTT ${version === 5 ? '5.0' : '3.1.1'} QoS ${qos} fan-out, 1,000 subscribers`,
  kind: 'throughput',
  mode: 'mqtt',
  args: [...FANOUT, '--mqtt-version', String(version), '--qos', String(qos)],
  // Aedes 1.2 speaks MQTT 3.1.1 only.
  targets: version === 5 ? ['switchboard', 'mosquitto'] : MQTT_SERVERS,
  reference: { target: 'mosquitto' },
});

const nativeFanout = (id, title, subprotocol) => ({
  id,
  title,
  kind: 'throughput',
  mode: 'native',
  args: [...FANOUT, '--subprotocol', subprotocol],
  targets: ['switchboard'],
  reference: { cell: 'ws-preframed-fanout', target: 'ws-preframed' },
});

/** Ids of the form `connections-<n>` choose their own connection count (see idleCell). */
export const CELLS = [
  mqttFanout(4, 0),
  mqttFanout(5, 0),
  mqttFanout(4, 1),
  mqttFanout(5, 1),
  {
    id: 'ws-preframed-fanout',
    title: 'plain `ws`, pre-framed bytes, 1,000 receivers (the floor for Node)',
    kind: 'throughput',
    mode: 'native',
    args: FANOUT,
    targets: ['ws-preframed'],
    reference: { target: 'ws-preframed' },
  },
  nativeFanout('native-json', 'Web PubSub json fan-out, 1,000 group members', 'json.webpubsub.azure.v1'),
  nativeFanout('native-json-reliable', 'Web PubSub json.reliable fan-out (acking every 100 ms)', 'json.reliable.webpubsub.azure.v1'),
  // @azure/web-pubsub-client acks once a second (its sequence-ack task), a tenth as often as above.
  {
    ...nativeFanout('native-json-reliable-1s', 'Web PubSub json.reliable fan-out (acking every second, as the official client)', 'json.reliable.webpubsub.azure.v1'),
    args: [...FANOUT, '--subprotocol', 'json.reliable.webpubsub.azure.v1', '--ack-ms', '1000'],
  },
  nativeFanout('native-protobuf', 'Web PubSub protobuf fan-out', 'protobuf.webpubsub.azure.v1'),
  nativeFanout('native-raw', 'raw WebSocket clients (no subprotocol) of a group', 'none'),
  {
    id: 'many-topics',
    title: 'MQTT 3.1.1, 1,000 subscribers each on its own topic',
    kind: 'throughput',
    mode: 'mqtt',
    args: ['--scenario', 'many-topics', '--subs', '1000', '--messages', '200000', '--window', '1000', '--pub-batch', '100', '--payload', '64'],
    targets: MQTT_SERVERS,
    reference: { target: 'mosquitto' },
  },
  {
    id: 'latency',
    title: 'MQTT 3.1.1 latency at 10,000 deliveries/s (100 subscribers × 100 msg/s, 10 s after 3 s of warm-up)',
    kind: 'latency',
    mode: 'mqtt',
    // Every server gets the same 3 s at that rate first, unmeasured: a Node server's message path is
    // compiled by the JIT in its first seconds, and the steady state is what the goal is about.
    args: ['--scenario', 'latency', '--subs', '100', '--rate', '100', '--duration-s', '10', '--warmup-s', '3', '--payload', '64'],
    targets: MQTT_SERVERS,
    reference: { target: 'mosquitto' },
  },
  {
    id: 'connect-mqtt',
    title: 'MQTT connect rate and idle memory: 10,000 × (WebSocket + token + CONNECT)',
    kind: 'connections',
    mode: 'mqtt',
    args: ['--scenario', 'connections', '--conns', '10000', '--batch', '500', '--settle-ms', '8000'],
    targets: MQTT_SERVERS,
    reference: { target: 'mosquitto' },
  },
  {
    id: 'connect-native',
    title: 'Web PubSub json connect rate and idle memory: 10,000 × (WebSocket + token + connected)',
    kind: 'connections',
    mode: 'native',
    args: ['--scenario', 'connections', '--conns', '10000', '--batch', '500', '--settle-ms', '8000', '--subprotocol', 'json.webpubsub.azure.v1'],
    targets: ['switchboard'],
    reference: { cell: 'connect-ws', target: 'ws-preframed' },
  },
  {
    id: 'connect-ws',
    title: 'bare `ws` connections (no token, no protocol): 10,000',
    kind: 'connections',
    mode: 'native',
    args: ['--scenario', 'connections', '--conns', '10000', '--batch', '500', '--settle-ms', '8000'],
    targets: ['ws-preframed'],
    reference: { target: 'ws-preframed' },
  },
];

// Connection cells wait 8 s before reading RSS, so that a Node server's garbage from the ramp is collected.

/**
 * Idle connections at a larger count (50,000 by default), MQTT and native, beside Mosquitto.
 * Past ~28,000 connections one loopback source address runs out of ports, so the clients use
 * several; each process also needs a descriptor per connection.
 */
export function idleCells(count) {
  const sources = String(Math.ceil(count / 25_000));
  const args = ['--scenario', 'connections', '--conns', String(count), '--batch', '500', '--settle-ms', '5000', '--source-addresses', sources, '--ws-client', 'lite', '--timeout-s', '600'];
  return [
    { id: `idle-mqtt-${count}`, title: `${count.toLocaleString('en-US')} idle MQTT connections`, kind: 'connections', mode: 'mqtt', args, targets: ['switchboard', 'mosquitto'], reference: { target: 'mosquitto' } },
    { id: `idle-native-${count}`, title: `${count.toLocaleString('en-US')} idle Web PubSub json connections`, kind: 'connections', mode: 'native', args: [...args, '--subprotocol', 'json.webpubsub.azure.v1'], targets: ['switchboard'], reference: { cell: `idle-mqtt-${count}`, target: 'mosquitto' } },
  ];
}
