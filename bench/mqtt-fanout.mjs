#!/usr/bin/env node
// MQTT fan-out over WebSocket: N subscribers of one topic, one publisher, Switchboard beside
// Mosquitto (the shared anchor, ../shared/bench/servers/mosquitto.conf) in the same run with the
// same client code. Server on CPU 0, this load generator on CPU 1.
//
//   node bench/mqtt-fanout.mjs [--subs 1000] [--messages 500] [--window 8] [--payload 64] [--qos 0]
//        [--mqtt-version 4] [--reps 3] [--targets switchboard,mosquitto]
//        [--topic benchfan] [--filter <subscription filter, default the topic>]
//
// With a wildcard filter (e.g. --topic sensors/kitchen/temp --filter 'sensors/+/temp') the
// Switchboard hub is put in broker mode (mqtt.wildcardSubscriptions) first.
//
// Client ids are letters and digits only: Azure's rule, which Switchboard enforces.
// Closed loop: message k is published only when every delivery of message k-window has arrived.
import { generate } from 'mqtt-packet';
import { mqttClient as connectMqtt, startMqttTarget } from './lib/mqtt-client.mjs';
import { closedLoop, ratioTable } from './lib/closed-loop.mjs';
import { arg, cpuSeconds, median, runReps } from './lib/processes.mjs';

const SUBS = Number(arg('subs', 1000));
const MESSAGES = Number(arg('messages', 500));
const WINDOW = Number(arg('window', 8));
const PAYLOAD = Number(arg('payload', 64));
const QOS = Number(arg('qos', 0));
const VERSION = Number(arg('mqtt-version', 4));
const REPS = Number(arg('reps', 3));
const TARGETS = arg('targets', 'switchboard,mosquitto').split(',');
const TOPIC = arg('topic', 'benchfan');
const FILTER = arg('filter', TOPIC);

async function run(target) {
  const server = await startMqttTarget(target, FILTER.includes('+') || FILTER.includes('#') ? { wildcardSubscriptions: true } : {});
  const sockets = [];
  try {
    const topic = TOPIC;
    let delivered = 0;
    let loop = null;
    for (let i = 0; i < SUBS; i += 100) {
      const batch = await Promise.all(Array.from({ length: Math.min(100, SUBS - i) }, (_, j) => connectMqtt(server.url(), `s${process.pid}x${i + j}`, { version: VERSION, topic: FILTER, qos: QOS })));
      for (const { ws, parser } of batch) {
        parser.on('packet', (packet) => {
          if (packet.cmd !== 'publish') return;
          if (packet.qos === 1) ws.send(generate({ cmd: 'puback', messageId: packet.messageId }, { protocolVersion: VERSION }));
          delivered++;
          loop.delivered(packet.payload.readUInt32BE(0));
        });
        sockets.push(ws);
      }
    }
    const publisher = await connectMqtt(server.url(), `p${process.pid}`, { version: VERSION });
    sockets.push(publisher.ws);
    let nextId = 1;
    const publish = (k) => {
      const payload = Buffer.alloc(PAYLOAD);
      payload.writeUInt32BE(k, 0);
      publisher.ws.send(generate({ cmd: 'publish', topic, payload, qos: QOS, messageId: QOS ? (nextId = (nextId % 65535) + 1) : undefined, retain: false, dup: false }, { protocolVersion: VERSION }));
    };
    const cpu0 = cpuSeconds(server.child.pid);
    const load0 = process.cpuUsage();
    const t0 = performance.now();
    loop = closedLoop({ messages: MESSAGES, window: WINDOW, subscribers: SUBS, publish });
    loop.start();
    await loop.done;
    const seconds = (performance.now() - t0) / 1000;
    const load = process.cpuUsage(load0);
    return {
      target,
      deliveriesPerSecond: Math.round(delivered / seconds),
      serverCpuCores: +((cpuSeconds(server.child.pid) - cpu0) / seconds).toFixed(2),
      loadgenCpuCores: +((load.user + load.system) / 1e6 / seconds).toFixed(2),
    };
  } finally {
    for (const ws of sockets) ws.terminate();
    await server.stop();
  }
}

const results = await runReps(REPS, TARGETS, run, { subs: SUBS, messages: MESSAGES, qos: QOS, mqttVersion: VERSION });
console.log(`\n${ratioTable(`target (MQTT ${VERSION === 5 ? '5.0' : '3.1.1'}, QoS ${QOS}, ${SUBS} subs on ${FILTER}, ${MESSAGES} msgs, window ${WINDOW}, ${REPS} runs)`, results, TARGETS, 'mosquitto', median)}`);
process.exit(0);
