#!/usr/bin/env node
// The hardening campaign's slow-consumer scenario: N json clients that never read, one healthy
// bystander, and M broadcasts of 1 KB through REST. Reports the server's largest event-loop delay
// (prom-client's max since the previous scrape), its peak RSS growth, how many stalled clients were
// cut, and what the bystander lost. Server on CPU 0, this load generator on CPU 1.
//
//   node bench/slow-consumers.mjs [--stalled 2000] [--broadcasts 10000] [--bytes 1024] [--senders 4] [--budget BYTES]
//   SWITCHBOARD_ROOT=/path/to/other/checkout node bench/slow-consumers.mjs   (the same against another build)
import { Agent, request } from 'node:http';
import WebSocket from 'ws';
import { arg, rssKb, startSwitchboard, token } from './lib/processes.mjs';

const STALLED = Number(arg('stalled', 2000));
const BROADCASTS = Number(arg('broadcasts', 10_000));
const BYTES = Number(arg('bytes', 1024));
const SENDERS = Number(arg('senders', 4));
const BUDGET = arg('budget', undefined);

const rss = (pid) => rssKb(pid) * 1024;
const open = (url) =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(url, 'json.webpubsub.azure.v1', { perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });

const server = await startSwitchboard(BUDGET ? { CLIENT_SEND_BUFFER_BYTES: BUDGET } : {});
if (process.env.SWITCHBOARD_NODE_ARGS) server.child.stdout.on('data', (d) => process.stderr.write(d));
const base = `http://localhost:${server.port}`;
const clientUrl = () => `ws://127.0.0.1:${server.port}/client/hubs/flood?access_token=${token(`${base}/client/hubs/flood`)}`;
const maxLag = async () => Number(/^switchboard_nodejs_eventloop_lag_max_seconds (\S+)/m.exec(await (await fetch(`${base}/metrics`)).text())[1]);
try {
  const bystander = await open(clientUrl());
  let received = 0;
  bystander.on('message', (data) => {
    if (data.toString().startsWith('{"type":"message"')) received++;
  });
  const stalled = [];
  for (let i = 0; i < STALLED; i += 100) {
    const batch = await Promise.all(Array.from({ length: Math.min(100, STALLED - i) }, () => open(clientUrl())));
    for (const ws of batch) {
      ws._socket.pause();
      ws.on('error', () => undefined);
    }
    stalled.push(...batch);
  }
  const rssBefore = rss(server.child.pid);
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rss(server.child.pid))), 100);
  let healthMax = 0;
  let healthFailures = 0;
  let probing = true;
  const health = (async () => {
    while (probing) {
      const t0 = performance.now();
      await fetch(`${base}/healthz`).catch(() => healthFailures++);
      healthMax = Math.max(healthMax, performance.now() - t0);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  await maxLag();

  const path = '/api/hubs/flood/:send?api-version=2024-12-01';
  const authorization = `Bearer ${token(`${base}${path}`)}`;
  const body = Buffer.alloc(BYTES, 'x');
  const agent = new Agent({ keepAlive: true, maxSockets: SENDERS });
  const post = () =>
    new Promise((ok, fail) => {
      const req = request({ host: '127.0.0.1', port: server.port, path, method: 'POST', agent, headers: { authorization, 'content-type': 'text/plain', 'content-length': body.length } }, (res) => {
        res.resume();
        res.on('end', ok);
      });
      req.on('error', () => (failedRequests++, ok()));
      req.end(body);
    });
  let failedRequests = 0;
  const t0 = performance.now();
  let sent = 0;
  await Promise.all(Array.from({ length: SENDERS }, async () => { while (sent++ < BROADCASTS) await post(); }));
  const deadline = Date.now() + 60_000;
  while (received < BROADCASTS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  // Cut clients are terminated after their close handshake times out (3 s): wait past that.
  await new Promise((r) => setTimeout(r, 4000));
  const lag = await maxLag();
  probing = false;
  await health;
  clearInterval(sampler);
  const metrics = await (await fetch(`${base}/metrics`)).text();
  const cut = Number(/^switchboard_slow_consumers_closed_total\{[^}]*\} (\d+)/m.exec(metrics)?.[1] ?? 0);
  console.log(JSON.stringify({
    build: process.env.SWITCHBOARD_ROOT ?? 'this checkout',
    stalled: STALLED,
    broadcasts: BROADCASTS,
    seconds: +((performance.now() - t0) / 1000).toFixed(1),
    maxEventLoopDelayMs: Math.round(lag * 1000),
    slowestHealthzMs: Math.round(healthMax),
    healthzFailures: healthFailures,
    failedRequests,
    rssGrowthMB: Math.round((rssPeak - rssBefore) / 1e6),
    stalledCut: cut,
    bystanderLost: BROADCASTS - received,
  }));
  agent.destroy();
  for (const ws of stalled) ws.terminate();
  bystander.terminate();
} finally {
  await server.stop();
}
process.exit(0);
