#!/usr/bin/env node
// What running as a cluster costs, against one node alone, in the same run. Needs PostgreSQL
// (DATABASE_URL, the nodes' shared store) and Redis (REDIS_URL, default redis://127.0.0.1:6379).
// Every server is on CPU 0, this load generator on CPU 1: on 2 cores the figure to read is server
// CPU per delivery, summed over the nodes (Redis's own CPU is reported beside it).
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/cluster.mjs
//        [--subs 1000] [--messages 500] [--window 8] [--latency-rate 5000] [--rest-connections 10000]
//
// fanout:  1,000 MQTT 3.1.1 QoS 0 subscribers, closed loop (window 8), publisher on node 1;
//          one node alone, then two nodes with 500 subscribers each.
// latency: 50 subscribers x 100 messages/s = 5,000 deliveries/s; publish to receive, one node
//          alone against publisher on node 1 and subscribers on node 2.
// rest:    POST .../groups/g/:send to 10,000 json connections in the group, over 2 nodes (and 1).
import { execFileSync } from 'node:child_process';
import { generate, parser as mqttParser } from 'mqtt-packet';
import { open, openMany } from './lib/clients.mjs';
import { closedLoop } from './lib/closed-loop.mjs';
import { startNodes } from './lib/cluster-nodes.mjs';
import { restSender } from './lib/rest.mjs';
import { arg, cpuSeconds, median, token } from './lib/processes.mjs';

const SUBS = Number(arg('subs', 1000));
const MESSAGES = Number(arg('messages', 500));
const WINDOW = Number(arg('window', 8));
const LATENCY_RATE = Number(arg('latency-rate', 5000));
const REST_CONNECTIONS = Number(arg('rest-connections', 10_000));
if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL must name a PostgreSQL the nodes can share');

const redisPid = Number(execFileSync('pgrep', ['-o', 'redis-server']).toString().trim());
const roles = { role: ['webpubsub.joinLeaveGroup', 'webpubsub.sendToGroup'] };

function mqttUrl(node) {
  return `ws://127.0.0.1:${node.port}/clients/mqtt/hubs/bench?access_token=${token(`http://localhost:${node.port}/clients/mqtt/hubs/bench`, roles)}`;
}

async function mqttClient(url, clientId, topic) {
  const ws = await open(url, 'mqtt');
  const parser = mqttParser({ protocolVersion: 4 });
  ws.on('message', (data) => parser.parse(data));
  const next = (cmd) => new Promise((ok) => parser.on('packet', function on(packet) {
    if (packet.cmd === cmd) (parser.removeListener('packet', on), ok(packet));
  }));
  const connack = next('connack');
  ws.send(generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clientId, clean: true, keepalive: 60 }));
  await connack;
  if (topic) {
    const suback = next('suback');
    ws.send(generate({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic, qos: 0 }] }));
    await suback;
  }
  return { ws, parser };
}

async function subscribers(nodes, count, topic, onPublish) {
  const sockets = [];
  for (let i = 0; i < count; i += 100) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(100, count - i) }, (_, j) => mqttClient(mqttUrl(nodes[(i + j) % nodes.length]), `s${i + j}x${process.pid}`, topic)),
    );
    for (const { ws, parser } of batch) {
      parser.on('packet', (packet) => packet.cmd === 'publish' && onPublish(packet));
      sockets.push(ws);
    }
  }
  return sockets;
}

async function fanout(count) {
  const cluster = await startNodes(count);
  const sockets = [];
  try {
    let loop;
    let delivered = 0;
    sockets.push(...(await subscribers(cluster.nodes, SUBS, 'fan', (packet) => (delivered++, loop.delivered(packet.payload.readUInt32BE(0))))));
    const publisher = await mqttClient(mqttUrl(cluster.nodes[0]), `p${process.pid}`);
    sockets.push(publisher.ws);
    const publish = (k) => {
      const payload = Buffer.alloc(64);
      payload.writeUInt32BE(k, 0);
      publisher.ws.send(generate({ cmd: 'publish', topic: 'fan', payload, qos: 0, retain: false, dup: false }));
    };
    const cpu0 = cluster.cpu();
    const redis0 = cpuSeconds(redisPid);
    const t0 = performance.now();
    loop = closedLoop({ messages: MESSAGES, window: WINDOW, subscribers: SUBS, publish });
    loop.start();
    await loop.done;
    const seconds = (performance.now() - t0) / 1000;
    const cpu = cluster.cpu() - cpu0;
    return {
      scenario: 'fanout',
      nodes: count,
      deliveriesPerSecond: Math.round(delivered / seconds),
      serverCpuMicrosPerDelivery: +((cpu / delivered) * 1e6).toFixed(2),
      deliveriesPerServerCpuSecond: Math.round(delivered / cpu),
      redisCpuCores: +((cpuSeconds(redisPid) - redis0) / seconds).toFixed(2),
    };
  } finally {
    for (const ws of sockets) ws.terminate();
    await cluster.stop();
  }
}

async function latency(count) {
  const cluster = await startNodes(count);
  const sockets = [];
  try {
    const subscriberCount = 50;
    const perSecond = LATENCY_RATE / subscriberCount;
    const samples = [];
    let measuring = false;
    const subscriberNodes = count > 1 ? cluster.nodes.slice(1) : cluster.nodes;
    sockets.push(
      ...(await subscribers(subscriberNodes, subscriberCount, 'lat', (packet) => {
        if (measuring) samples.push(Number(process.hrtime.bigint() - packet.payload.readBigUInt64BE(0)) / 1e6);
      })),
    );
    const publisher = await mqttClient(mqttUrl(cluster.nodes[0]), `p${process.pid}`);
    sockets.push(publisher.ws);
    const send = () => {
      const payload = Buffer.alloc(64);
      payload.writeBigUInt64BE(process.hrtime.bigint(), 0);
      publisher.ws.send(generate({ cmd: 'publish', topic: 'lat', payload, qos: 0, retain: false, dup: false }));
    };
    // Messages spread evenly over each second, 1 s of warm-up, then 10 s measured.
    const timer = setInterval(send, 1000 / perSecond);
    await new Promise((r) => setTimeout(r, 1000));
    measuring = true;
    await new Promise((r) => setTimeout(r, 10_000));
    measuring = false;
    clearInterval(timer);
    samples.sort((a, b) => a - b);
    const at = (q) => +samples[Math.min(samples.length - 1, Math.floor(q * samples.length))].toFixed(2);
    return { scenario: 'latency', nodes: count, deliveriesPerSecond: Math.round(samples.length / 10), p50Ms: at(0.5), p99Ms: at(0.99), maxMs: at(1) };
  } finally {
    for (const ws of sockets) ws.terminate();
    await cluster.stop();
  }
}

async function restToGroup(count) {
  const cluster = await startNodes(count);
  const sockets = [];
  try {
    let delivered = 0;
    const nodeOf = (i) => cluster.nodes[i % count];
    sockets.push(
      ...(await openMany(
        REST_CONNECTIONS,
        (i) => `ws://127.0.0.1:${nodeOf(i).port}/client/hubs/bench?access_token=${token(`http://localhost:${nodeOf(i).port}/client/hubs/bench`, { 'webpubsub.group': 'g' })}`,
        'json.webpubsub.azure.v1',
      )),
    );
    for (const ws of sockets) ws.on('message', () => delivered++);
    await new Promise((r) => setTimeout(r, 1000));
    delivered = 0;
    const node = cluster.nodes[0];
    const rest = restSender(node.port, '/api/hubs/bench/groups/g/:send?api-version=2024-12-01', { maxSockets: 4 });
    const body = Buffer.alloc(64, 'x');
    const post = () => rest.send(body);
    const requests = 100;
    const cpu0 = cluster.cpu();
    const t0 = performance.now();
    let issued = 0;
    await Promise.all(Array.from({ length: 4 }, async () => { while (issued++ < requests) await post(); }));
    const expected = requests * REST_CONNECTIONS;
    const deadline = Date.now() + 120_000;
    while (delivered < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    const seconds = (performance.now() - t0) / 1000;
    const cpu = cluster.cpu() - cpu0;
    rest.close();
    return {
      scenario: 'rest sendToGroup',
      nodes: count,
      connections: REST_CONNECTIONS,
      requestsPerSecond: +(requests / seconds).toFixed(1),
      deliveriesPerSecond: Math.round(delivered / seconds),
      lost: expected - delivered,
      serverCpuMicrosPerDelivery: +((cpu / delivered) * 1e6).toFixed(2),
    };
  } finally {
    for (const ws of sockets) ws.terminate();
    await cluster.stop();
  }
}

const results = [];
for (const [scenario, run] of [['fanout', fanout], ['latency', latency], ['rest', restToGroup]]) {
  if (!arg('only', scenario).split(',').includes(scenario)) continue;
  for (const count of [1, 2]) {
    const result = await run(count);
    console.log(JSON.stringify(result));
    results.push(result);
  }
}
const pair = (scenario) => [1, 2].map((n) => results.find((r) => r.scenario === scenario && r.nodes === n));
const [f1, f2] = pair('fanout');
const [l1, l2] = pair('latency');
const [r1, r2] = pair('rest sendToGroup');
console.log('\n| case | 1 node, no Redis | 2 nodes on Redis | ratio |\n|---|---|---|---|');
if (f1 && f2) {
  console.log(`| MQTT fan-out, server CPU per delivery (µs, summed over nodes) | ${f1.serverCpuMicrosPerDelivery} | ${f2.serverCpuMicrosPerDelivery} | ${(f2.serverCpuMicrosPerDelivery / f1.serverCpuMicrosPerDelivery).toFixed(2)} |`);
  console.log(`| MQTT fan-out, deliveries/s | ${f1.deliveriesPerSecond} | ${f2.deliveriesPerSecond} | ${(f2.deliveriesPerSecond / f1.deliveriesPerSecond).toFixed(2)} |`);
  console.log(`| Redis CPU during fan-out (cores) | - | ${f2.redisCpuCores} | |`);
}
if (l1 && l2) {
  console.log(`| latency at ${LATENCY_RATE}/s, p50 (ms) | ${l1.p50Ms} | ${l2.p50Ms} | +${(l2.p50Ms - l1.p50Ms).toFixed(2)} ms |`);
  console.log(`| latency at ${LATENCY_RATE}/s, p99 (ms) | ${l1.p99Ms} | ${l2.p99Ms} | +${(l2.p99Ms - l1.p99Ms).toFixed(2)} ms |`);
}
if (r1 && r2) {
  console.log(`| REST sendToGroup to ${REST_CONNECTIONS}, deliveries/s | ${r1.deliveriesPerSecond} | ${r2.deliveriesPerSecond} | ${(r2.deliveriesPerSecond / r1.deliveriesPerSecond).toFixed(2)} |`);
  console.log(`| REST sendToGroup, server CPU per delivery (µs) | ${r1.serverCpuMicrosPerDelivery} | ${r2.serverCpuMicrosPerDelivery} | ${(r2.serverCpuMicrosPerDelivery / r1.serverCpuMicrosPerDelivery).toFixed(2)} |`);
  console.log(`| REST sendToGroup, lost | ${r1.lost} | ${r2.lost} | |`);
}
process.exit(0);
