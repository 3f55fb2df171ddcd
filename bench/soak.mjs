#!/usr/bin/env node
// Mixed load for a while (issue "Hardening": soak). Not in CI.
//   node bench/soak.mjs [--minutes 10]
// Healthy clients that must lose nothing: 40 json, 20 json.reliable (acking), 20 MQTT v5 QoS 1,
// all in group "soak", which REST sends to 10 times a second. Around them: native clients that
// join, send and leave (2 a second), 20 clients that never read every 10 s (cut as slow consumers),
// and a client sending garbage every second. Each second the server's event-loop delay (p99 and
// max since the last scrape), its RSS and its connection count are sampled. At the end: loss per
// healthy client kind, delay p99/max, RSS over time (CSV, and a chart as PNG and SVG, under
// bench/results/), and the server's connection count against the clients actually connected.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, request } from 'node:http';
import { generate, parser as mqttParser } from 'mqtt-packet';
import WebSocket from 'ws';
import { timePanels, writeChart } from './lib/chart.mjs';
import { arg, root, rssKb, startSwitchboard, token } from './lib/processes.mjs';

const MINUTES = Number(arg('minutes', 10));
const server = await startSwitchboard();
const base = `http://localhost:${server.port}`;
const clientUrl = (claims = {}) => `ws://127.0.0.1:${server.port}/client/hubs/soak?access_token=${token(`${base}/client/hubs/soak`, { 'webpubsub.group': 'soak', role: ['webpubsub.sendToGroup', 'webpubsub.joinLeaveGroup'], ...claims })}`;
const mqttUrl = () => `ws://127.0.0.1:${server.port}/clients/mqtt/hubs/soak?access_token=${token(`${base}/clients/mqtt/hubs/soak`, { role: ['webpubsub.joinLeaveGroup'] })}`;
const open = (url, protocol) =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocol, { perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
const rss = () => rssKb(server.child.pid) * 1024;

let sent = 0;
const healthy = [];
const seqOf = (text) => Number(/soak-(\d+)/.exec(text)?.[1] ?? -1);

for (let i = 0; i < 40; i++) {
  const ws = await open(clientUrl(), 'json.webpubsub.azure.v1');
  const client = { kind: 'json', seen: new Set(), ws };
  ws.on('message', (data) => { const k = seqOf(data.toString()); if (k >= 0) client.seen.add(k); });
  healthy.push(client);
}
for (let i = 0; i < 20; i++) {
  const ws = await open(clientUrl(), 'json.reliable.webpubsub.azure.v1');
  const client = { kind: 'json.reliable', seen: new Set(), ws, last: 0 };
  ws.on('message', (data) => {
    const text = data.toString();
    const k = seqOf(text);
    if (k >= 0) client.seen.add(k);
    const id = /"sequenceId":(\d+)/.exec(text);
    if (id) client.last = Number(id[1]);
  });
  healthy.push(client);
}
const ackTimer = setInterval(() => { for (const c of healthy) if (c.kind === 'json.reliable' && c.last) c.ws.send(`{"type":"sequenceAck","sequenceId":${c.last}}`); }, 500);
for (let i = 0; i < 20; i++) {
  const ws = await open(mqttUrl(), 'mqtt');
  const parser = mqttParser({ protocolVersion: 5 });
  const client = { kind: 'mqtt', seen: new Set(), ws };
  ws.on('message', (data) => parser.parse(data));
  parser.on('packet', (packet) => {
    if (packet.cmd !== 'publish') return;
    if (packet.qos === 1) ws.send(generate({ cmd: 'puback', messageId: packet.messageId }, { protocolVersion: 5 }));
    const k = seqOf(packet.payload.toString());
    if (k >= 0) client.seen.add(k);
  });
  ws.send(generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 5, clientId: `soak${i}`, clean: true, keepalive: 60 }, { protocolVersion: 5 }));
  ws.send(generate({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'soak', qos: 1 }] }, { protocolVersion: 5 }));
  healthy.push(client);
}
await new Promise((r) => setTimeout(r, 1000));

const path = '/api/hubs/soak/groups/soak/:send?api-version=2024-12-01';
const authorization = `Bearer ${token(`${base}${path}`)}`;
const agent = new Agent({ keepAlive: true, maxSockets: 4 });
const post = (body) =>
  new Promise((ok) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: 'POST', agent, headers: { authorization, 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) } }, (res) => { res.resume(); res.on('end', () => ok(res.statusCode)); });
    req.on('error', () => ok(0));
    req.end(body);
  });

const churners = new Set();
const stalled = [];
const samples = [];
let failedSends = 0;
const timers = [
  setInterval(async () => {
    const k = sent++;
    if ((await post(`soak-${k}-${'x'.repeat(200)}`)) !== 202) failedSends++;
  }, 100),
  setInterval(async () => {
    const ws = await open(clientUrl({ 'webpubsub.group': 'churn' }), 'json.webpubsub.azure.v1').catch(() => null);
    if (!ws) return;
    churners.add(ws);
    ws.on('message', () => undefined);
    ws.send('{"type":"joinGroup","group":"other","ackId":1}');
    ws.send('{"type":"sendToGroup","group":"other","dataType":"text","data":"churn"}');
    setTimeout(() => { churners.delete(ws); Math.random() < 0.5 ? ws.close() : ws.terminate(); }, 2000);
  }, 500),
  setInterval(async () => {
    for (let i = 0; i < 20; i++) {
      const ws = await open(clientUrl(), 'json.webpubsub.azure.v1').catch(() => null);
      if (!ws) continue;
      ws._socket.pause();
      ws.on('error', () => undefined);
      stalled.push(ws);
    }
  }, 10_000),
  setInterval(async () => {
    const ws = await open(clientUrl(), 'json.webpubsub.azure.v1').catch(() => null);
    if (!ws) return;
    ws.on('error', () => undefined);
    ws.send('{"type": this is not json');
  }, 1000),
];

const t0 = Date.now();
const sampler = setInterval(async () => {
  const text = await (await fetch(`${base}/metrics`)).text().catch(() => '');
  const read = (name) => Number(new RegExp(`^switchboard_nodejs_eventloop_lag_${name}_seconds (\\S+)`, 'm').exec(text)?.[1] ?? NaN);
  const connections = [...text.matchAll(/^switchboard_connections\{[^}]*\} (\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
  samples.push({ second: Math.round((Date.now() - t0) / 1000), rssMB: Math.round(rss() / 1e6), lagP99Ms: +(read('p99') * 1000).toFixed(1), lagMaxMs: +(read('max') * 1000).toFixed(1), connections });
}, 1000);

await new Promise((r) => setTimeout(r, MINUTES * 60_000));
for (const timer of timers) clearInterval(timer);
await new Promise((r) => setTimeout(r, 3000));
clearInterval(sampler);
clearInterval(ackTimer);

// Clients connected now: healthy ones, churners still open, stalled ones the server has not cut.
for (const ws of stalled) ws.terminate();
for (const ws of churners) ws.terminate();
await new Promise((r) => setTimeout(r, 2000));
const listed = await (await fetch(`${base}/metrics`)).text();
const registry = [...listed.matchAll(/^switchboard_connections\{[^}]*\} (\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
const loss = {};
for (const c of healthy) loss[c.kind] = (loss[c.kind] ?? 0) + (sent - c.seen.size);
const results = join(root, 'bench/results');
mkdirSync(results, { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const csv = join(results, `soak-${stamp}.csv`);
const chart = await writeChart(
  join(results, `soak-${stamp}`),
  timePanels(`Soak: ${MINUTES} minutes of mixed load`, samples, 'second', [
    { fields: ['rssMB'], unit: 'RSS (MB)' },
    { fields: ['lagP99Ms', 'lagMaxMs'], unit: 'event-loop delay (ms)' },
    { fields: ['connections'], unit: 'connections' },
  ]),
);
writeFileSync(csv, ['second,rssMB,lagP99Ms,lagMaxMs,connections', ...samples.map((s) => `${s.second},${s.rssMB},${s.lagP99Ms},${s.lagMaxMs},${s.connections}`)].join('\n'));
const sortedP99 = samples.map((s) => s.lagP99Ms).filter(Number.isFinite).sort((a, b) => a - b);
console.log(JSON.stringify({
  minutes: MINUTES,
  restSends: sent,
  failedSends,
  lostPerKind: loss,
  lagP99MsMedianOfSeconds: sortedP99[Math.floor(sortedP99.length / 2)],
  lagP99MsWorstSecond: sortedP99.at(-1),
  lagMaxMs: Math.max(...samples.map((s) => s.lagMaxMs).filter(Number.isFinite)),
  rssMB: { first: samples[0]?.rssMB, max: Math.max(...samples.map((s) => s.rssMB)), last: samples.at(-1)?.rssMB },
  registryAtEnd: registry,
  healthyConnected: healthy.length,
  csv,
  chart: chart.png,
}));
for (const c of healthy) c.ws.terminate();
agent.destroy();
await server.stop();
process.exit(0);
