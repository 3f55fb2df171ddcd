#!/usr/bin/env node
// Retained messages: N topics each given a retained message (QoS 1, every PUBACK awaited), then a
// new subscriber to '#' and the time until it has them all. Switchboard (a hub with
// mqtt.retainedMessages, retained messages in PostgreSQL) beside Mosquitto (in memory) in the
// same run with the same client code. Server on CPU 0, this load generator on CPU 1.
//
//   node bench/mqtt-retained.mjs [--topics 10000] [--payload 64] [--reps 3] [--targets switchboard,mosquitto]
//
// Switchboard's database is the embedded one unless DATABASE_URL is set.
import { arg, median, runReps } from './lib/processes.mjs';
import { mqttClient, startMqttTarget } from './lib/mqtt-client.mjs';

const TOPICS = Number(arg('topics', 10000));
const PAYLOAD = Number(arg('payload', 64));
const REPS = Number(arg('reps', 3));
const TARGETS = arg('targets', 'switchboard,mosquitto').split(',');
const IN_FLIGHT = 100;

async function run(target) {
  // Mosquitto queues retained messages for a new subscriber and keeps 1,000 by default: let it keep them all.
  const server = await startMqttTarget(target, { retainedMessages: true, wildcardSubscriptions: true }, [`max_queued_messages ${TOPICS * 2}`]);
  const sockets = [];
  try {
    const publisher = await mqttClient(server.url(), `rp${process.pid}`, { version: 4 });
    sockets.push(publisher.ws);
    let acked = 0;
    const waiters = [];
    publisher.parser.on('packet', (packet) => {
      if (packet.cmd !== 'puback') return;
      acked++;
      waiters.shift()?.();
    });
    const payload = Buffer.alloc(PAYLOAD, 'r');
    const t0 = performance.now();
    for (let i = 0; i < TOPICS; i++) {
      if (i - acked >= IN_FLIGHT) await new Promise((resolve) => waiters.push(resolve));
      publisher.send({ cmd: 'publish', topic: `plant/${i % 100}/sensor/${i}`, payload, qos: 1, messageId: (i % 65535) + 1, retain: true, dup: false });
    }
    while (acked < TOPICS) await new Promise((resolve) => waiters.push(resolve));
    const storeSeconds = (performance.now() - t0) / 1000;

    const subscriber = await mqttClient(server.url(), `rs${process.pid}`, { version: 4 });
    sockets.push(subscriber.ws);
    let received = 0;
    const all = new Promise((resolve) =>
      subscriber.parser.on('packet', (packet) => {
        if (packet.cmd === 'publish' && packet.retain && ++received === TOPICS) resolve();
      }),
    );
    const t1 = performance.now();
    subscriber.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: '#', qos: 0 }] });
    await all;
    return { target, retainedPerSecond: Math.round(TOPICS / storeSeconds), deliverAllMs: Math.round(performance.now() - t1) };
  } finally {
    for (const ws of sockets) ws.terminate();
    await server.stop();
  }
}

const results = await runReps(REPS, TARGETS, run, { topics: TOPICS });
const of = (target, key) => median(results.filter((r) => r.target === target).map((r) => r[key]));
console.log(`\n| target (${TOPICS} retained topics, ${PAYLOAD} B, ${REPS} runs) | retained publishes/s (QoS 1, median) | × mosquitto | new '#' subscriber has them all (ms, median) | × mosquitto |`);
console.log('|---|---|---|---|---|');
for (const target of TARGETS) {
  console.log(`| ${target} | ${of(target, 'retainedPerSecond').toLocaleString('en-US')} | ${(of(target, 'retainedPerSecond') / of('mosquitto', 'retainedPerSecond')).toFixed(2)} | ${of(target, 'deliverAllMs')} | ${(of(target, 'deliverAllMs') / of('mosquitto', 'deliverAllMs')).toFixed(2)} |`);
}
process.exit(0);
