#!/usr/bin/env node
// Fan-out of one group's messages to N native clients, Switchboard beside the plain `ws`
// baselines of ../shared/bench (servers/ws-fanout.mjs), measured in the same run with the
// same client code. Server on CPU 0, this load generator on CPU 1.
//
//   node bench/native-fanout.mjs [--subs 1000] [--messages 500] [--window 8] [--payload 64] [--reps 3]
//        [--targets switchboard-json,switchboard-reliable,switchboard-raw,ws-preframed,ws-send]
//
// Closed loop: message k is published only when every delivery of message k-window has arrived.
// Prints one JSON line per run and a markdown table of medians with ratios to ws-preframed.
import { spawn, execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const SUBS = Number(arg('subs', 1000));
const MESSAGES = Number(arg('messages', 500));
const WINDOW = Number(arg('window', 8));
const PAYLOAD = Number(arg('payload', 64));
const REPS = Number(arg('reps', 3));
const TARGETS = arg('targets', 'switchboard-json,switchboard-reliable,switchboard-raw,ws-preframed,ws-send').split(',');
const KEY = 'bench-access-key-0123456789abcdef';
const SHARED_FANOUT = resolve(root, '../shared/bench/servers/ws-fanout.mjs');
const CONNECT_BATCH = 100;

const b64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
function token(aud, claims) {
  const body = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ aud, exp: Math.floor(Date.now() / 1000) + 3600, ...claims })}`;
  return `${body}.${createHmac('sha256', KEY).update(body).digest('base64url')}`;
}

function freePort() {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

function pinned(cpu, argv, env, cwd) {
  const hasTaskset = (() => { try { execFileSync('taskset', ['-c', '0', 'true']); return true; } catch { return false; } })();
  const [command, args] = hasTaskset ? ['taskset', ['-c', String(cpu), ...argv]] : [argv[0], argv.slice(1)];
  return spawn(command, args, { env: { ...process.env, ...env }, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}

async function waitFor(check, what, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try { if (await check()) return; } catch {}
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
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
    return { child, port, dataDir: dir };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-bench-'));
  const env = { PORT: String(port), ACCESS_KEY: KEY, ADMIN_PASSWORD: 'bench-password', LOG_LEVEL: 'warn', DATA_DIR: dataDir, DATABASE_URL: process.env.DATABASE_URL ?? '' };
  const child = pinned(0, [process.execPath, join(root, 'apps/server/dist/main.js')], env, dataDir);
  await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200, 'switchboard');
  return { child, port, dataDir };
}

function dirname(path) { return resolve(path, '..'); }

function open(url, protocol) {
  return new Promise((ok, fail) => {
    const ws = new WebSocket(url, protocol ? [protocol] : undefined, { perMessageDeflate: false });
    ws.once('open', () => ok(ws));
    ws.once('error', fail);
  });
}

async function run(target) {
  const server = await startTarget(target);
  const sockets = [];
  try {
    const base = `ws://127.0.0.1:${server.port}`;
    const isWs = target.startsWith('ws-');
    const protocol = { 'switchboard-json': 'json.webpubsub.azure.v1', 'switchboard-reliable': 'json.reliable.webpubsub.azure.v1' }[target];
    const subUrl = () => isWs ? `${base}/` : `${base}/client/hubs/bench?access_token=${token(`http://localhost:${server.port}/client/hubs/bench`, { 'webpubsub.group': 'fan' })}`;
    const arrived = new Uint32Array(MESSAGES);
    const sentAt = new Float64Array(MESSAGES);
    let delivered = 0;
    let latencySum = 0;
    let onProgress = () => {};
    const indexOf = isWs
      ? (data) => data.readUInt32BE(0)
      : target === 'switchboard-raw'
        ? (data) => Number(data.toString('latin1', 2, data.indexOf(58, 2)))
        : (data) => { const s = data.toString('latin1'); const at = s.indexOf('"data":"k:') + 10; return s.indexOf('"type":"message"') === 1 ? Number(s.slice(at, s.indexOf(':', at))) : -1; };
    const acker = new Map();
    for (let i = 0; i < SUBS; i += CONNECT_BATCH) {
      const batch = await Promise.all(Array.from({ length: Math.min(CONNECT_BATCH, SUBS - i) }, () => open(subUrl(), protocol)));
      for (const ws of batch) {
        ws.on('message', (data) => {
          const k = indexOf(data);
          if (k < 0) return;
          arrived[k]++;
          delivered++;
          latencySum += performance.now() - sentAt[k];
          if (target === 'switchboard-reliable') acker.set(ws, (acker.get(ws) ?? 0) + 1);
          onProgress();
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
    const ackTimer = target === 'switchboard-reliable'
      ? setInterval(() => { for (const [ws, n] of acker) ws.send(`{"type":"sequenceAck","sequenceId":${n}}`); }, 200)
      : null;
    const serverCpu0 = cpuSeconds(server.child.pid);
    const loadCpu0 = process.cpuUsage();
    const t0 = performance.now();
    await new Promise((done, fail) => {
      let next = 0;
      let completed = 0;
      const stall = setInterval(() => { if (performance.now() - lastProgress > 10_000) { clearInterval(stall); fail(new Error(`stalled at ${delivered} deliveries`)); } }, 1000);
      let lastProgress = performance.now();
      const pump = () => {
        while (next < MESSAGES && (next - WINDOW < 0 || arrived[next - WINDOW] >= SUBS)) publish(next++);
      };
      onProgress = () => {
        lastProgress = performance.now();
        while (completed < MESSAGES && arrived[completed] >= SUBS) completed++;
        if (completed === MESSAGES) { clearInterval(stall); done(); return; }
        pump();
      };
      pump();
    });
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
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
    if (server.dataDir) rmSync(server.dataDir, { recursive: true, force: true });
  }
}

if (!existsSync(join(root, 'apps/server/dist/main.js'))) throw new Error('build first: npm run build');
const results = [];
for (let rep = 0; rep < REPS; rep++) {
  for (const target of TARGETS) {
    const result = await run(target);
    console.log(JSON.stringify({ rep, ...result }));
    results.push(result);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const baseline = median(results.filter((r) => r.target === 'ws-preframed').map((r) => r.deliveriesPerSecond));
console.log(`\n| target (${SUBS} subs, ${MESSAGES} msgs, window ${WINDOW}, ${PAYLOAD} B, ${REPS} runs) | deliveries/s (median) | × ws-preframed | server / loadgen CPU |\n|---|---|---|---|`);
for (const target of TARGETS) {
  const runs = results.filter((r) => r.target === target);
  const dps = median(runs.map((r) => r.deliveriesPerSecond));
  console.log(`| ${target} | ${dps.toLocaleString('en-US')} | ${baseline ? (dps / baseline).toFixed(2) : '-'} | ${median(runs.map((r) => r.serverCpuCores))} / ${median(runs.map((r) => r.loadgenCpuCores))} |`);
}
process.exit(0);
