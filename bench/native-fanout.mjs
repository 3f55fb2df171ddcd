#!/usr/bin/env node
// Fan-out of one group's messages to N native clients, Switchboard beside the plain `ws`
// baselines of ../shared/bench (servers/ws-fanout.mjs), measured in the same run with the
// same client code. Server on CPU 0, this load generator on CPU 1.
//
//   node bench/native-fanout.mjs [--subs 1000] [--messages 500] [--window 8] [--payload 64] [--reps 3]
//        [--targets switchboard-json,switchboard-reliable,switchboard-protobuf,switchboard-protobuf-reliable,switchboard-raw,ws-preframed,ws-send]
//
// Closed loop: message k is published only when every delivery of message k-window has arrived.
// Prints one JSON line per run and a markdown table of medians with ratios to ws-preframed.
import { copyFileSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import protobuf from 'protobufjs/light.js';
import WebSocket from 'ws';
import { open } from './lib/clients.mjs';
import { closedLoop, ratioTable } from './lib/closed-loop.mjs';
import { arg, cpuSeconds, freePort, median, pinned, root, startSwitchboard, stopper, token, waitFor, runReps } from './lib/processes.mjs';

const SUBS = Number(arg('subs', 1000));
const MESSAGES = Number(arg('messages', 500));
const WINDOW = Number(arg('window', 8));
const PAYLOAD = Number(arg('payload', 64));
const REPS = Number(arg('reps', 3));
const TARGETS = arg('targets', 'switchboard-json,switchboard-reliable,switchboard-protobuf,switchboard-protobuf-reliable,switchboard-raw,ws-preframed,ws-send').split(',');
const SHARED_FANOUT = resolve(root, '../shared/bench/servers/ws-fanout.mjs');
const CONNECT_BATCH = 100;
const DATA_MARK = Buffer.from('"data":"k:');
/** In a protobuf frame the text payload stands as it is. */
const PROTOBUF_MARK = Buffer.from('k:');
/** UpstreamMessage{ sequence_ack_message (8) { sequence_id (1) } } (client-protocols-2026.md §6.2). */
const protobufSequenceAck = (n) => protobuf.Writer.create().uint32((8 << 3) | 2).fork().uint32((1 << 3) | 0).uint64(n).ldelim().finish();

/** The decimal number at `at` in `bytes`, up to the first non-digit. */
function digitsAt(bytes, at) {
  let value = 0;
  for (let i = at; i < bytes.length; i++) {
    const digit = bytes[i] - 48;
    if (digit < 0 || digit > 9) break;
    value = value * 10 + digit;
  }
  return value;
}

async function startTarget(target) {
  const port = await freePort();
  if (target.startsWith('ws-')) {
    // The shared anchor server, run from a scratch copy that resolves `ws` from this repo.
    const dir = mkdtempSync(join(tmpdir(), 'sb-anchor-'));
    for (const file of ['ws-fanout.mjs', 'node-stats.mjs']) copyFileSync(join(dirname(SHARED_FANOUT), file), join(dir, file));
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
    const child = pinned(0, [process.execPath, join(dir, 'ws-fanout.mjs'), '--host', '127.0.0.1', '--port', String(port), '--mode', target === 'ws-send' ? 'send' : 'preframed'], {}, dir);
    await waitFor(() => new Promise((ok) => { const s = new WebSocket(`ws://127.0.0.1:${port}/`); s.on('open', () => { s.close(); ok(true); }); s.on('error', () => ok(false)); }), 'ws-fanout');
    return { child, port, stop: stopper(child, dir) };
  }
  const server = await startSwitchboard();
  return { child: server.child, port: server.port, stop: server.stop };
}

function dirname(path) { return resolve(path, '..'); }

async function run(target) {
  const server = await startTarget(target);
  const sockets = [];
  try {
    const base = `ws://127.0.0.1:${server.port}`;
    const isWs = target.startsWith('ws-');
    const protocol = {
      'switchboard-json': 'json.webpubsub.azure.v1',
      'switchboard-reliable': 'json.reliable.webpubsub.azure.v1',
      'switchboard-protobuf': 'protobuf.webpubsub.azure.v1',
      'switchboard-protobuf-reliable': 'protobuf.reliable.webpubsub.azure.v1',
    }[target];
    const reliable = target === 'switchboard-reliable' || target === 'switchboard-protobuf-reliable';
    const mark = target.startsWith('switchboard-protobuf') ? PROTOBUF_MARK : DATA_MARK;
    const subUrl = () => isWs ? `${base}/` : `${base}/client/hubs/bench?access_token=${token(`http://localhost:${server.port}/client/hubs/bench`, { 'webpubsub.group': 'fan' })}`;
    const sentAt = new Float64Array(MESSAGES);
    let delivered = 0;
    let latencySum = 0;
    let loop = null;
    // Reading the message index costs the load generator about the same per frame for every target:
    // a byte search and a few digits, no string conversion of the frame.
    const indexOf = isWs
      ? (data) => data.readUInt32BE(0)
      : target === 'switchboard-raw'
        ? (data) => digitsAt(data, 2)
        : (data) => {
            const at = data.indexOf(mark);
            return at < 0 ? -1 : digitsAt(data, at + mark.length);
          };
    const acker = new Map();
    for (let i = 0; i < SUBS; i += CONNECT_BATCH) {
      const batch = await Promise.all(Array.from({ length: Math.min(CONNECT_BATCH, SUBS - i) }, () => open(subUrl(), protocol)));
      for (const ws of batch) {
        ws.on('message', (data) => {
          const k = indexOf(data);
          if (k < 0) return;
          delivered++;
          latencySum += performance.now() - sentAt[k];
          if (reliable) acker.set(ws, (acker.get(ws) ?? 0) + 1);
          loop.delivered(k);
        });
        sockets.push(ws);
      }
    }
    const pubProtocol = isWs ? undefined : 'json.webpubsub.azure.v1';
    const pubUrl = isWs ? `${base}/` : `${base}/client/hubs/bench?access_token=${token(`http://localhost:${server.port}/client/hubs/bench`, { role: ['webpubsub.sendToGroup'] })}`;
    const publisher = await open(pubUrl, pubProtocol);
    sockets.push(publisher);
    await new Promise((r) => setTimeout(r, 500));
    const padding = 'x'.repeat(Math.max(0, PAYLOAD - 12));
    const publish = (k) => {
      sentAt[k] = performance.now();
      if (isWs) {
        const frame = Buffer.alloc(PAYLOAD);
        frame.writeUInt32BE(k, 0);
        publisher.send(frame, { binary: true });
      } else {
        publisher.send(`{"type":"sendToGroup","group":"fan","dataType":"text","data":"k:${k}:${padding}"}`);
      }
    };
    const ack = target === 'switchboard-protobuf-reliable' ? (ws, n) => ws.send(protobufSequenceAck(n)) : (ws, n) => ws.send(`{"type":"sequenceAck","sequenceId":${n}}`);
    const ackTimer = reliable ? setInterval(() => { for (const [ws, n] of acker) ack(ws, n); }, 200) : null;
    const serverCpu0 = cpuSeconds(server.child.pid);
    const loadCpu0 = process.cpuUsage();
    const t0 = performance.now();
    loop = closedLoop({ messages: MESSAGES, window: WINDOW, subscribers: SUBS, publish });
    loop.start();
    await loop.done;
    const seconds = (performance.now() - t0) / 1000;
    if (ackTimer) clearInterval(ackTimer);
    const loadCpu = process.cpuUsage(loadCpu0);
    return {
      target,
      subs: SUBS,
      messages: MESSAGES,
      deliveriesPerSecond: Math.round(delivered / seconds),
      meanLatencyMs: +(latencySum / delivered).toFixed(2),
      serverCpuCores: +((cpuSeconds(server.child.pid) - serverCpu0) / seconds).toFixed(2),
      loadgenCpuCores: +((loadCpu.user + loadCpu.system) / 1e6 / seconds).toFixed(2),
    };
  } finally {
    for (const ws of sockets) ws.terminate();
    await server.stop();
  }
}

const results = await runReps(REPS, TARGETS, run, {});
console.log(`\n${ratioTable(`target (${SUBS} subs, ${MESSAGES} msgs, window ${WINDOW}, ${PAYLOAD} B, ${REPS} runs)`, results, TARGETS, 'ws-preframed', median)}`);
process.exit(0);
