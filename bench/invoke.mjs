#!/usr/bin/env node
// Invoke round trips (client-protocols-2026.md §1): json clients call `invoke`, Switchboard
// forwards each as a user event to a local express handler (@azure/web-pubsub-express) and sends
// back its answer. Beside it, in the same run, the same load generator posts the same CloudEvents
// request straight to the handler: the ratio is what the hop through Switchboard costs.
// Server on CPU 0; the handler and this load generator on CPU 1.
//
//   node bench/invoke.mjs [--clients 50] [--invocations 20000] [--inflight 4] [--reps 3]
import { Agent, request } from 'node:http';
import { open } from './lib/clients.mjs';
import { arg, cpuSeconds, freePort, median, pinned, root, startSwitchboard, token, waitFor } from './lib/processes.mjs';

const CLIENTS = Number(arg('clients', 50));
const INVOCATIONS = Number(arg('invocations', 20000));
const INFLIGHT = Number(arg('inflight', 4));
const REPS = Number(arg('reps', 3));
const PAYLOAD = 'x'.repeat(64);

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

/** Runs `INVOCATIONS` calls, `CLIENTS × INFLIGHT` at a time, through `call(i)`; returns rate and latencies. */
async function closedLoop(lanes, call) {
  const latencies = [];
  let issued = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      while (issued < INVOCATIONS) {
        issued++;
        const started = performance.now();
        await call(lane);
        latencies.push(performance.now() - started);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: Math.round(INVOCATIONS / seconds), p50: +percentile(latencies, 0.5).toFixed(2), p99: +percentile(latencies, 0.99).toFixed(2), seconds };
}

async function startHandler(allowedEndpoint) {
  const port = await freePort();
  const child = pinned(1, [process.execPath, `${root}/bench/lib/invoke-handler.mjs`, String(port), allowedEndpoint], {}, root);
  await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/api/webpubsub/hubs/bench/`, { method: 'OPTIONS', headers: { 'WebHook-Request-Origin': 'x' } })).status > 0, 'handler');
  return { child, port };
}

async function throughSwitchboard(handlerPort, server) {
  const base = `http://localhost:${server.port}`;
  const put = await fetch(`${base}/admin/api/hubs/bench`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token(`${base}/admin/api/hubs/bench`)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ properties: { eventHandlers: [{ urlTemplate: `http://127.0.0.1:${handlerPort}/api/webpubsub/hubs/{hub}/`, userEventPattern: '*' }] } }),
  });
  if (put.status >= 300) throw new Error(`hub settings answered ${put.status}: ${await put.text()}`);
  const sockets = await Promise.all(
    Array.from({ length: CLIENTS }, (_, i) => open(`ws://127.0.0.1:${server.port}/client/hubs/bench?access_token=${token(`${base}/client/hubs/bench`, { sub: `u${i}` })}`, 'json.webpubsub.azure.v1')),
  );
  // Each lane is one invocation at a time on its socket; a socket carries INFLIGHT lanes.
  const waiting = sockets.map(() => new Map());
  sockets.forEach((ws, s) =>
    ws.on('message', (data) => {
      const text = data.toString();
      if (!text.startsWith('{"type":"invokeResponse"')) return;
      const frame = JSON.parse(text);
      if (frame.success !== true || frame.data !== PAYLOAD) throw new Error(`bad answer: ${text}`);
      waiting[s].get(frame.invocationId)?.();
      waiting[s].delete(frame.invocationId);
    }),
  );
  await new Promise((r) => setTimeout(r, 300));
  let next = 0;
  const call = (lane) =>
    new Promise((resolve) => {
      const s = lane % sockets.length;
      const id = String(next++);
      waiting[s].set(id, resolve);
      sockets[s].send(`{"type":"invoke","invocationId":"${id}","event":"echo","dataType":"text","data":"${PAYLOAD}"}`);
    });
  const cpu0 = cpuSeconds(server.child.pid);
  const result = await closedLoop(CLIENTS * INFLIGHT, call);
  const serverCpu = cpuSeconds(server.child.pid) - cpu0;
  for (const ws of sockets) ws.close();
  return { ...result, serverCpuPerThousand: +((serverCpu / INVOCATIONS) * 1000).toFixed(3) };
}

async function direct(handlerPort) {
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS * INFLIGHT });
  let next = 0;
  const call = () =>
    new Promise((resolve, reject) => {
      const id = next++;
      const body = Buffer.from(PAYLOAD);
      const req = request(
        {
          host: '127.0.0.1',
          port: handlerPort,
          path: '/api/webpubsub/hubs/bench/',
          method: 'POST',
          agent,
          headers: {
            'content-type': 'text/plain; charset=utf-8',
            'content-length': body.length,
            'ce-specversion': '1.0',
            'ce-type': 'azure.webpubsub.user.echo',
            'ce-source': `/hubs/bench/client/c${id % CLIENTS}`,
            'ce-id': String(id),
            'ce-hub': 'bench',
            'ce-connectionId': `c${id % CLIENTS}`,
            'ce-eventName': 'echo',
            'ce-userId': `u${id % CLIENTS}`,
            'webhook-request-origin': 'localhost',
            'ce-awpsversion': '1.0',
          },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => (res.statusCode === 200 && text === PAYLOAD ? resolve() : reject(new Error(`direct call answered ${res.statusCode}: ${text}`))));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  return closedLoop(CLIENTS * INFLIGHT, call);
}

const rows = { switchboard: [], direct: [] };
for (let rep = 0; rep < REPS; rep++) {
  const server = await startSwitchboard();
  const handler = await startHandler(`http://localhost:${server.port}`);
  try {
    const via = await throughSwitchboard(handler.port, server);
    const straight = await direct(handler.port);
    rows.switchboard.push(via);
    rows.direct.push(straight);
    console.log(JSON.stringify({ rep, switchboard: via, direct: straight }));
  } finally {
    handler.child.kill();
    await server.stop();
  }
}

const summary = (list, key) => median(list.map((row) => row[key]));
const viaRate = summary(rows.switchboard, 'perSecond');
const directRate = summary(rows.direct, 'perSecond');
console.log(`\n| path (${CLIENTS} clients × ${INFLIGHT} in flight, ${INVOCATIONS} calls, ${REPS} runs) | round trips/s (median) | × direct | p50 ms | p99 ms | server CPU-s per 1,000 |`);
console.log('|---|---|---|---|---|---|');
console.log(`| invoke through Switchboard | ${viaRate.toLocaleString('en')} | ${(viaRate / directRate).toFixed(2)} | ${summary(rows.switchboard, 'p50')} | ${summary(rows.switchboard, 'p99')} | ${summary(rows.switchboard, 'serverCpuPerThousand')} |`);
console.log(`| the same request straight to the handler | ${directRate.toLocaleString('en')} | 1.00 | ${summary(rows.direct, 'p50')} | ${summary(rows.direct, 'p99')} | — |`);
