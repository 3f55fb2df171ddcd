#!/usr/bin/env node
// Many idle connections on one machine, then broadcasts to all of them through REST: how long the
// last client waits, and whether any is missed. Native json clients, held by client processes on
// the load-generator CPU; the server on the server CPU.
//
//   DATABASE_URL=... node bench/many-connections.mjs [--connections 50000] [--broadcasts 3] [--nodes N]
//
// One process can hold only as many connections as its file-descriptor limit (`ulimit -n`). When
// the connections need more, they are spread over N nodes of one cluster on Redis (all on the
// server CPU, so the machine's figures stay comparable), and the report says so. Each client
// process holds at most 15,000 connections.
import { execFileSync, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { startNodes } from './lib/cluster-nodes.mjs';
import { arg, rssKb, token } from './lib/processes.mjs';
import { restSender } from './lib/rest.mjs';

const PER_CLIENT_PROCESS = 15_000;
const now = () => performance.timeOrigin + performance.now();

if (process.argv.includes('--child')) {
  // A client process on the load-generator CPU: opens its share of connections, then counts
  // broadcasts as they arrive.
  execFileSync('taskset', ['-cp', '1', String(process.pid)], { stdio: 'ignore' });
  const count = Number(arg('count'));
  const bases = process.env.BENCH_URLS.split(',');
  const arrivals = new Map();
  let open = 0;
  let closed = 0;
  const connectOne = (i) =>
    new Promise((resolve) => {
      const base = bases[i % bases.length];
      const aud = base.replace('ws://127.0.0.1', 'http://localhost');
      const ws = new WebSocket(`${base}?access_token=${token(aud, { sub: `c${process.pid}x${i}` })}`, 'json.webpubsub.azure.v1', { perMessageDeflate: false });
      ws.on('message', (data) => {
        const at = data.indexOf('#@#');
        if (at < 0) return;
        const id = data.toString('latin1', at + 3, data.indexOf(';', at));
        const seen = arrivals.get(id) ?? { count: 0, last: 0 };
        seen.count++;
        seen.last = now();
        arrivals.set(id, seen);
      });
      ws.once('open', () => (open++, resolve()));
      ws.once('error', () => resolve());
      ws.once('close', () => closed++);
    });
  for (let i = 0; i < count; i += 500) await Promise.all(Array.from({ length: Math.min(500, count - i) }, (_, j) => connectOne(i + j)));
  process.send({ ready: open });
  process.on('message', (message) => {
    if (message === 'report') process.send({ arrivals: Object.fromEntries(arrivals), open: open - closed });
  });
} else {
  const CONNECTIONS = Number(arg('connections', 50_000));
  const BROADCASTS = Number(arg('broadcasts', 3));
  if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL must name a PostgreSQL');
  const limit = Number(/Max open files\s+(\d+)/.exec(readFileSync('/proc/self/limits', 'utf8'))[1]);
  const NODES = Number(arg('nodes', Math.ceil(CONNECTIONS / (limit - 1000))));
  const cluster = await startNodes(NODES);
  const children = [];
  try {
    const urls = cluster.nodes.map((node) => `ws://127.0.0.1:${node.port}/client/hubs/bench`);
    const started = now();
    const processes = Math.ceil(CONNECTIONS / PER_CLIENT_PROCESS);
    for (let p = 0; p < processes; p++) {
      const count = Math.min(PER_CLIENT_PROCESS, CONNECTIONS - p * PER_CLIENT_PROCESS);
      // Each client process on the load-generator CPU, nodes taken in turn.
      const child = fork(fileURLToPath(import.meta.url), ['--child', '--count', String(count)], { env: { ...process.env, BENCH_URLS: urls.join(',') }, execArgv: [] });
      children.push(child);
    }
    const ready = await Promise.all(children.map((child) => new Promise((resolve) => child.once('message', (m) => resolve(m.ready)))));
    const connected = ready.reduce((a, b) => a + b, 0);
    const connectSeconds = (now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 5000));
    const rss = cluster.nodes.map((node) => rssKb(node.child.pid));
    const node = cluster.nodes[0];
    const rest = restSender(node.port, '/api/hubs/bench/:send?api-version=2024-12-01');
    const sentAt = {};
    for (let b = 0; b < BROADCASTS; b++) {
      const body = Buffer.from(`#@#b${b};${'x'.repeat(48)}`);
      sentAt[`b${b}`] = now();
      await rest.send(body);
      // Each broadcast is timed alone: the next goes once this one reached everybody (or 60 s passed).
      const deadline = now() + 60_000;
      while (now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
        const reports = await Promise.all(children.map((child) => new Promise((resolve) => { child.once('message', resolve); child.send('report'); })));
        const got = reports.reduce((sum, r) => sum + (r.arrivals[`b${b}`]?.count ?? 0), 0);
        if (got >= connected) break;
      }
    }
    const reports = await Promise.all(children.map((child) => new Promise((resolve) => { child.once('message', resolve); child.send('report'); })));
    const stillOpen = reports.reduce((sum, r) => sum + r.open, 0);
    const broadcasts = Object.keys(sentAt).map((id) => {
      const got = reports.reduce((sum, r) => sum + (r.arrivals[id]?.count ?? 0), 0);
      const last = Math.max(...reports.map((r) => r.arrivals[id]?.last ?? 0));
      return { id, delivered: got, lost: connected - got, lastDeliveryMs: Math.round(last - sentAt[id]) };
    });
    rest.close();
    console.log(JSON.stringify({ connections: CONNECTIONS, connected, stillOpen, nodes: NODES, fileDescriptorLimit: limit, connectSeconds: +connectSeconds.toFixed(1), serverRssMb: rss.map((kb) => Math.round(kb / 1024)), broadcasts }));
  } finally {
    for (const child of children) child.kill();
    await cluster.stop();
  }
  process.exit(0);
}
