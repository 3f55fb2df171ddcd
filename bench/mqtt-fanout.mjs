#!/usr/bin/env node
// MQTT fan-out over WebSocket: N subscribers of one topic, one publisher, Switchboard beside
// Mosquitto (the shared anchor, ../shared/bench/servers/mosquitto.conf) in the same run with the
// same client code. Server on CPU 0, this load generator on CPU 1.
//
//   node bench/mqtt-fanout.mjs [--subs 1000] [--messages 500] [--window 8] [--payload 64] [--qos 0]
//        [--mqtt-version 4] [--reps 3] [--targets switchboard,mosquitto]
//
// Client ids are letters and digits only: Azure's rule, which Switchboard enforces.
// Closed loop: message k is published only when every delivery of message k-window has arrived.
import { join, resolve } from 'node:path';
import { generate, parser as mqttParser } from 'mqtt-packet';
import { open } from './lib/clients.mjs';
import { closedLoop, ratioTable } from './lib/closed-loop.mjs';
import { arg, cpuSeconds, median, pinned, root, startSwitchboard, stopper, token, waitFor } from './lib/processes.mjs';

const SUBS = Number(arg('subs', 1000));
const MESSAGES = Number(arg('messages', 500));
const WINDOW = Number(arg('window', 8));
const PAYLOAD = Number(arg('payload', 64));
const QOS = Number(arg('qos', 0));
const VERSION = Number(arg('mqtt-version', 4));
const REPS = Number(arg('reps', 3));
const TARGETS = arg('targets', 'switchboard,mosquitto').split(',');
const MOSQUITTO_CONF = resolve(root, '../shared/bench/servers/mosquitto.conf');
const MOSQUITTO_WS_PORT = 18080;

async function startTarget(target) {
  if (target === 'mosquitto') {
    const child = pinned(0, ['mosquitto', '-c', MOSQUITTO_CONF], {}, root);
    await waitFor(() => open(`ws://127.0.0.1:${MOSQUITTO_WS_PORT}/mqtt`, 'mqtt').then((ws) => (ws.close(), true)), 'mosquitto');
    return {
      child,
      url: () => `ws://127.0.0.1:${MOSQUITTO_WS_PORT}/mqtt`,
      stop: stopper(child),
    };
  }
  const server = await startSwitchboard();
  const aud = `http://localhost:${server.port}/clients/mqtt/hubs/bench`;
  const roles = { role: ['webpubsub.joinLeaveGroup', 'webpubsub.sendToGroup'] };
  return { child: server.child, url: () => `ws://127.0.0.1:${server.port}/clients/mqtt/hubs/bench?access_token=${token(aud, roles)}`, stop: server.stop };
}

/** CONNECT, wait for CONNACK, optionally SUBSCRIBE and wait for SUBACK; returns the socket and its parser. */
async function mqttClient(url, clientId, topic) {
  const ws = await open(url, 'mqtt');
  const parser = mqttParser({ protocolVersion: VERSION });
  ws.on('message', (data) => parser.parse(data));
  const next = (cmd) => new Promise((ok, fail) => {
    const onPacket = (packet) => {
      if (packet.cmd !== cmd) return;
      parser.removeListener('packet', onPacket);
      ok(packet);
    };
    parser.on('packet', onPacket);
    ws.once('close', () => fail(new Error(`closed before ${cmd}`)));
  });
  const connack = next('connack');
  ws.send(generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: VERSION, clientId, clean: true, keepalive: 60 }, { protocolVersion: VERSION }));
  const answer = await connack;
  if ((answer.returnCode ?? answer.reasonCode) !== 0) throw new Error(`CONNACK ${answer.returnCode ?? answer.reasonCode}`);
  if (topic) {
    const suback = next('suback');
    ws.send(generate({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic, qos: QOS }] }, { protocolVersion: VERSION }));
    await suback;
  }
  return { ws, parser };
}

async function run(target) {
  const server = await startTarget(target);
  const sockets = [];
  try {
    const topic = 'benchfan';
    let delivered = 0;
    let loop = null;
    for (let i = 0; i < SUBS; i += 100) {
      const batch = await Promise.all(Array.from({ length: Math.min(100, SUBS - i) }, (_, j) => mqttClient(server.url(), `s${process.pid}x${i + j}`, topic)));
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
    const publisher = await mqttClient(server.url(), `p${process.pid}`);
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

const results = [];
for (let rep = 0; rep < REPS; rep++) {
  for (const target of TARGETS) {
    const result = await run(target);
    console.log(JSON.stringify({ rep, subs: SUBS, messages: MESSAGES, qos: QOS, mqttVersion: VERSION, ...result }));
    results.push(result);
  }
}
console.log(`\n${ratioTable(`target (MQTT ${VERSION === 5 ? '5.0' : '3.1.1'}, QoS ${QOS}, ${SUBS} subs, ${MESSAGES} msgs, window ${WINDOW}, ${REPS} runs)`, results, TARGETS, 'mosquitto', median)}`);
process.exit(0);
