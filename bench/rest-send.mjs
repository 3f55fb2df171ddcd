#!/usr/bin/env node
// REST sends into live native connections: requests/s and deliveries/s.
//   node bench/rest-send.mjs [--reps 3] [--requests 2000] [--concurrency 8]
// Scenario "sendToAll": POST /api/hubs/bench/:send (64-byte text) to 1,000 json clients.
// Scenario "filtered": POST /api/hubs/bench/:send?filter='g1' in groups over 10,000 connections,
// 1,000 of them in g1: the filter runs against every connection of the hub on each request.
// Server on CPU 0, this load generator on CPU 1.
import { Agent, request } from 'node:http';
import { openMany } from './lib/clients.mjs';
import { arg, cpuSeconds, median, startSwitchboard, token } from './lib/processes.mjs';

const REPS = Number(arg('reps', 3));
const REQUESTS = Number(arg('requests', 2000));
const CONCURRENCY = Number(arg('concurrency', 8));
const BODY = Buffer.alloc(64, 'x');

async function scenario(name, connections, inGroup, filter) {
  const server = await startSwitchboard();
  try {
    const base = `http://localhost:${server.port}`;
    let delivered = 0;
    const sockets = await openMany(
      connections,
      (i) => `ws://127.0.0.1:${server.port}/client/hubs/bench?access_token=${token(`${base}/client/hubs/bench`, i < inGroup ? { 'webpubsub.group': 'g1' } : {})}`,
      'json.webpubsub.azure.v1',
    );
    for (const ws of sockets) ws.on('message', () => delivered++);
    await new Promise((r) => setTimeout(r, 500));
    delivered = 0;

    const path = `/api/hubs/bench/:send?api-version=2024-12-01${filter ? `&filter=${encodeURIComponent(filter)}` : ''}`;
    const authorization = `Bearer ${token(`${base}${path}`)}`;
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const post = () =>
      new Promise((ok, fail) => {
        const req = request({ host: '127.0.0.1', port: server.port, path, method: 'POST', agent, headers: { authorization, 'content-type': 'text/plain', 'content-length': BODY.length } }, (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 202 ? ok() : fail(new Error(`status ${res.statusCode}`))));
        });
        req.on('error', fail);
        req.end(BODY);
      });

    const cpu0 = cpuSeconds(server.child.pid);
    const t0 = performance.now();
    let issued = 0;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => { while (issued++ < REQUESTS) await post(); }));
    const expected = REQUESTS * (filter ? inGroup : connections);
    const deadline = Date.now() + 60_000;
    while (delivered < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    const seconds = (performance.now() - t0) / 1000;
    const result = {
      scenario: name,
      connections,
      recipientsPerRequest: filter ? inGroup : connections,
      requestsPerSecond: Math.round(REQUESTS / seconds),
      deliveriesPerSecond: Math.round(delivered / seconds),
      lost: expected - delivered,
      serverCpuCores: +((cpuSeconds(server.child.pid) - cpu0) / seconds).toFixed(2),
    };
    agent.destroy();
    for (const ws of sockets) ws.terminate();
    return result;
  } finally {
    await server.stop();
  }
}

const results = [];
for (let rep = 0; rep < REPS; rep++) {
  for (const [name, connections, inGroup, filter] of [
    ['sendToAll', 1000, 0, null],
    ['filtered', 10000, 1000, "'g1' in groups"],
  ]) {
    const result = await scenario(name, connections, inGroup, filter);
    console.log(JSON.stringify({ rep, ...result }));
    results.push(result);
  }
}
console.log(`\n| scenario (${REQUESTS} requests, ${CONCURRENCY} in flight, ${REPS} runs) | connections | recipients/request | requests/s | deliveries/s | server CPU |\n|---|---|---|---|---|---|`);
for (const name of ['sendToAll', 'filtered']) {
  const runs = results.filter((r) => r.scenario === name);
  console.log(`| ${name} | ${runs[0].connections} | ${runs[0].recipientsPerRequest} | ${median(runs.map((r) => r.requestsPerSecond)).toLocaleString('en-US')} | ${median(runs.map((r) => r.deliveriesPerSecond)).toLocaleString('en-US')} | ${median(runs.map((r) => r.serverCpuCores))} |`);
}
process.exit(0);
