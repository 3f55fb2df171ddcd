#!/usr/bin/env node
// Cheap MQTT-over-WebSocket and Web PubSub load generator (raw `ws` + `mqtt-packet`, no SDKs).
// Grown from the shared anchors' loadgen (../shared/bench/loadgen.mjs), so that Mosquitto, Aedes
// and the plain `ws` baselines are measured here with the very client they were anchored with.
// What it adds: --mode native (Web PubSub subprotocols, one group, a text payload every flavour
// carries as it is), per-role tokens, and --source-addresses for more than one port range.
//
//   node loadgen.mjs --scenario fanout|latency|connections|many-topics [flags]
//
// Prints exactly one JSON line with the results on stdout (diagnostics go to
// stderr). Every scenario is bounded in message count and in time
// (--timeout-s hard cap, --stall-s no-progress cap) and exits by itself.
// Run `node loadgen.mjs --help` for the flags.
//
// Encoding uses mqtt-packet's generate(); decoding on the hot receive path is a
// ~40-line streaming decoder (fixed header + remaining length, PUBLISH/CONNACK/
// SUBACK/PUBACK only), which copes with MQTT packets split across or packed into
// WebSocket frames, as the MQTT-over-WebSocket binding allows.
import { WebSocket } from 'ws';
import mqtt from 'mqtt-packet';
import net from 'node:net';
import fs from 'node:fs';
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import { execSync } from 'node:child_process';
import { performance, PerformanceObserver, monitorEventLoopDelay } from 'node:perf_hooks';

// ---------------------------------------------------------------- flags ----
const FLAGS = {
  scenario: { type: 'string', help: 'fanout | latency | connections | many-topics' },
  url: { type: 'string', default: 'ws://127.0.0.1:18080/mqtt', help: 'ws://, wss:// or mqtt:// (plain TCP) URL; "{hub}" is replaced by --hub' },
  hub: { type: 'string', default: 'bench', help: 'value substituted for {hub} in --url' },
  subprotocol: { type: 'string', default: 'mqtt', help: 'WebSocket subprotocol(s) to request, comma separated; "none" for none' },
  'ws-client': { type: 'string', default: 'ws', help: 'ws (the `ws` package) | lite (built-in minimal RFC 6455 client on net.Socket, no TLS; cheaper per connection and per frame)' },
  mode: { type: 'string', default: 'mqtt', help: 'mqtt | raw (raw: no MQTT, binary frames only - for the plain ws fan-out baseline) | native (Web PubSub: subscribers on --subprotocol join --group through their token, the publisher sends sendToGroup on json; with --publish-raw the same text payload as a binary frame, for the ws baselines)' },
  group: { type: 'string', default: 'fan', help: 'native: the group every subscriber joins' },
  'publish-raw': { type: 'boolean', default: false, help: 'native: publish the payload as a bare binary frame (the plain ws baselines forward it unparsed)' },
  'ack-ms': { type: 'string', default: '100', help: 'native reliable subprotocols: how often each subscriber acks what it has received' },
  'source-addresses': { type: 'string', default: '1', help: 'connect from this many loopback source addresses (127.0.0.1, 127.0.0.2, ...): each gives another ~28,000 ports' },
  'mqtt-version': { type: 'string', default: '4', help: '4 (MQTT 3.1.1) or 5' },
  qos: { type: 'string', default: '0', help: '0 or 1 (publish and subscribe QoS)' },
  'token-key': { type: 'string', help: 'if set, each client appends ?<token-param>=<JWT HS256> to the URL; "base64:..." for a base64 key' },
  'token-param': { type: 'string', default: 'access_token', help: 'query parameter carrying the JWT' },
  'token-aud': { type: 'string', help: 'JWT aud (default: the ws URL without its query)' },
  'token-ttl-s': { type: 'string', default: '3600', help: 'JWT lifetime (exp = now + ttl)' },
  'token-claims': { type: 'string', help: 'extra JWT claims as a JSON object, merged in' },
  label: { type: 'string', default: '', help: 'free text copied into the result (e.g. the server name)' },
  'server-pid': { type: 'string', help: 'PID of the server process: its CPU time and RSS are read from /proc' },
  'server-stats-signals': { type: 'boolean', default: false, help: 'send SIGUSR1/SIGUSR2 to --server-pid at the start/end of the measured phase (only for servers/*.mjs, which reset/snapshot GC stats on them; never for mosquitto)' },
  subs: { type: 'string', help: 'subscribers (fanout default 1000, latency 100, many-topics 1000)' },
  messages: { type: 'string', help: 'messages to publish (fanout default 2000, many-topics 200000)' },
  payload: { type: 'string', default: '64', help: 'payload bytes (>= 12: seq + send timestamp)' },
  window: { type: 'string', help: 'fanout: messages whose N deliveries may be outstanding (default 8); many-topics: messages in flight (default 1000)' },
  'pub-batch': { type: 'string', help: 'many-topics: refill the window only once this many slots are free, in one corked write (default 100; 1 = refill per delivery)' },
  rate: { type: 'string', default: '1000', help: 'latency: messages per second' },
  'duration-s': { type: 'string', default: '10', help: 'latency: seconds of publishing' },
  'drain-s': { type: 'string', default: '5', help: 'latency: max seconds to wait for the last deliveries' },
  'warmup-s': { type: 'string', default: '0', help: 'latency: publish at the same rate this long first, unmeasured (a JIT compiles the hot path in its first seconds)' },
  conns: { type: 'string', default: '10000', help: 'connections: how many idle connections' },
  batch: { type: 'string', default: '500', help: 'connections: connects started together per batch' },
  'setup-batch': { type: 'string', default: '250', help: 'subscriber connects started together during setup' },
  'settle-ms': { type: 'string', default: '2000', help: 'connections: wait before reading the server RSS after the ramp' },
  'hold-s': { type: 'string', default: '3', help: 'connections: keep the connections open this long and count drops' },
  topic: { type: 'string', default: 'bench/t', help: 'topic (many-topics: prefix, subscriber i gets <topic>/<i>)' },
  'client-prefix': { type: 'string', default: 'lg', help: 'client id prefix; ids are <prefix><run><role><i>, alphanumeric' },
  keepalive: { type: 'string', default: '600', help: 'MQTT keepalive seconds in CONNECT' },
  'connect-timeout-s': { type: 'string', default: '20', help: 'per-connection connect (+CONNACK/SUBACK) timeout' },
  'stall-s': { type: 'string', default: '10', help: 'abort when no delivery arrives for this long' },
  'timeout-s': { type: 'string', default: '180', help: 'hard cap on the whole run' },
  help: { type: 'boolean', default: false },
};

const { values: A } = parseArgs({
  options: Object.fromEntries(Object.entries(FLAGS).map(([k, v]) => [k, { type: v.type, ...(v.default !== undefined ? { default: v.default } : {}) }])),
  strict: true,
});
if (A.help || !A.scenario) {
  const lines = Object.entries(FLAGS).map(([k, v]) => `  --${k}${v.type === 'string' ? ' <v>' : ''}`.padEnd(26) + (v.help || '') + (v.default !== undefined && v.type === 'string' ? ` [${v.default}]` : ''));
  process.stderr.write(`usage: node loadgen.mjs --scenario <name> [flags]\n${lines.join('\n')}\n`);
  process.exit(A.help ? 0 : 2);
}

const SCEN = A.scenario;
const MODE = A.mode;
const V = Number(A['mqtt-version']);
const QOS = Number(A.qos);
const PAYLOAD = Number(A.payload);
const num = (k, d) => (A[k] !== undefined ? Number(A[k]) : d);
if (!['fanout', 'latency', 'connections', 'many-topics'].includes(SCEN)) die(`unknown --scenario ${SCEN}`);
if (!['mqtt', 'raw', 'native'].includes(MODE)) die(`unknown --mode ${MODE}`);
if (V !== 4 && V !== 5) die('--mqtt-version must be 4 or 5');
if (QOS !== 0 && QOS !== 1) die('--qos must be 0 or 1');
if (!(PAYLOAD >= 12)) die('--payload must be >= 12');
const BASE_URL = A.url.replaceAll('{hub}', A.hub);
const IS_TCP = /^(mqtt|tcp):\/\//.test(BASE_URL);
if (IS_TCP && MODE !== 'mqtt') die(`--mode ${MODE} needs a ws:// URL`);
const WS_CLIENT = A['ws-client'];
if (!['ws', 'lite'].includes(WS_CLIENT)) die(`unknown --ws-client ${WS_CLIENT}`);
if (/^wss:/.test(BASE_URL) && WS_CLIENT === 'lite') die('--ws-client lite does not do TLS; use --ws-client ws for wss://');
const SUBPROTOCOLS = A.subprotocol === 'none' || A.subprotocol === '' ? [] : A.subprotocol.split(',').map((s) => s.trim());
const RUN_ID = crypto.randomBytes(3).toString('hex');
const SERVER_PID = A['server-pid'] ? Number(A['server-pid']) : null;
const RELIABLE = MODE === 'native' && SUBPROTOCOLS.some((p) => p.includes('.reliable.'));
const PROTOBUF = MODE === 'native' && SUBPROTOCOLS.some((p) => p.startsWith('protobuf.'));
/** Subscribers speak --subprotocol; a native publisher speaks json unless it publishes raw frames. */
const PUBLISHER_PROTOCOLS = MODE === 'native' && !A['publish-raw'] ? ['json.webpubsub.azure.v1'] : SUBPROTOCOLS;
const SOURCE_ADDRESSES = Math.max(1, Number(A['source-addresses']));
let nextSource = 0;
const sourceAddress = () => (SOURCE_ADDRESSES === 1 ? undefined : `127.0.0.${1 + (nextSource++ % SOURCE_ADDRESSES)}`);

function die(msg) { process.stderr.write(`loadgen: ${msg}\n`); process.exit(2); }

// ------------------------------------------------------------ JWT (HS256) ----
const b64url = (buf) => Buffer.from(buf).toString('base64url');
const TOKEN_KEY = A['token-key'] === undefined ? null
  : A['token-key'].startsWith('base64:') ? Buffer.from(A['token-key'].slice(7), 'base64') : Buffer.from(A['token-key'], 'utf8');
const TOKEN_AUD = A['token-aud'] ?? BASE_URL.split('?')[0];
const TOKEN_EXTRA = A['token-claims'] ? JSON.parse(A['token-claims']) : {};
const JWT_HEADER = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
function signJwt(claims, key) {
  const body = `${JWT_HEADER}.${b64url(JSON.stringify(claims))}`;
  return `${body}.${crypto.createHmac('sha256', key).update(body).digest('base64url')}`;
}
/** Native clients: subscribers join the group at connect, the publisher may send to it. */
const roleClaims = (publisher) => (MODE !== 'native' ? {} : publisher ? { role: ['webpubsub.sendToGroup'] } : { 'webpubsub.group': [A.group] });
function urlFor(clientId, publisher) {
  if (!TOKEN_KEY) return BASE_URL;
  const iat = Math.floor(Date.now() / 1000);
  const jwt = signJwt({ ...TOKEN_EXTRA, ...roleClaims(publisher), aud: TOKEN_AUD, sub: clientId, iat, exp: iat + Number(A['token-ttl-s']) }, TOKEN_KEY);
  return `${BASE_URL}${BASE_URL.includes('?') ? '&' : '?'}${encodeURIComponent(A['token-param'])}=${jwt}`;
}

// ------------------------------------------------------------ /proc probes ----
let CLK_TCK = 100;
try { CLK_TCK = Number(execSync('getconf CLK_TCK').toString().trim()) || 100; } catch { /* default */ }
function procCpuMs(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { user: (Number(f[11]) * 1000) / CLK_TCK, sys: (Number(f[12]) * 1000) / CLK_TCK }; // utime, stime
  } catch { return null; }
}
function procStatus(pid, key) {
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${key}:\\s*(.+)$`, 'm'));
    return m ? m[1].trim() : null;
  } catch { return null; }
}
const rssKB = (pid) => { const v = procStatus(pid, 'VmRSS'); return v ? parseInt(v, 10) : null; };

// loadgen own GC and event-loop delay (monitorEventLoopDelay samples include the 10 ms resolution; it is subtracted)
const lgGc = { count: 0, totalMs: 0, maxMs: 0 };
new PerformanceObserver((l) => { for (const e of l.getEntries()) { lgGc.count++; lgGc.totalMs += e.duration; if (e.duration > lgGc.maxMs) lgGc.maxMs = e.duration; } }).observe({ entryTypes: ['gc'] });
const lgEld = monitorEventLoopDelay({ resolution: 10 });

// Phase meter: CPU of loadgen and server between start() and stop().
function meter() {
  const m = { t0: 0, c0: null, s0: null };
  const sig = (name) => { if (SERVER_PID && A['server-stats-signals']) { try { process.kill(SERVER_PID, name); } catch { /* gone */ } } };
  m.start = () => { sig('SIGUSR1'); m.t0 = performance.now(); m.c0 = process.cpuUsage(); m.s0 = SERVER_PID ? procCpuMs(SERVER_PID) : null; lgEld.reset(); lgEld.enable(); m.gc0 = { ...lgGc }; };
  m.stop = () => {
    const wallMs = performance.now() - m.t0;
    const c = process.cpuUsage(m.c0);
    const s1 = SERVER_PID ? procCpuMs(SERVER_PID) : null;
    lgEld.disable();
    sig('SIGUSR2');
    return {
      wallMs: +wallMs.toFixed(1),
      loadgenCpuCores: +(((c.user + c.system) / 1000) / wallMs).toFixed(3),
      loadgenSysShare: +(c.system / Math.max(1, c.user + c.system)).toFixed(2),
      serverCpuCores: s1 != null && m.s0 != null ? +((s1.user + s1.sys - m.s0.user - m.s0.sys) / wallMs).toFixed(3) : null,
      serverSysShare: s1 != null && m.s0 != null ? +((s1.sys - m.s0.sys) / Math.max(1, s1.user + s1.sys - m.s0.user - m.s0.sys)).toFixed(2) : null,
      loadgenGc: { count: lgGc.count - m.gc0.count, totalMs: +(lgGc.totalMs - m.gc0.totalMs).toFixed(1), maxMsSoFar: +lgGc.maxMs.toFixed(2) },
      loadgenEventLoopDelayMs: { p99: +Math.max(0, lgEld.percentile(99) / 1e6 - 10).toFixed(2), max: +Math.max(0, lgEld.max / 1e6 - 10).toFixed(2) },
    };
  };
  return m;
}

// ---------------------------------------------------- latency histogram ----
// 10 us buckets below 100 ms, 1 ms buckets up to 100 s.
class Hist {
  constructor() { this.b = new Float64Array(10000 + 100000); this.n = 0; this.max = 0; this.sum = 0; }
  add(ms) {
    if (ms < 0) ms = 0;
    const us = ms * 1000;
    let i = us < 100000 ? Math.floor(us / 10) : 10000 + Math.floor((us - 100000) / 1000);
    if (i >= this.b.length) i = this.b.length - 1;
    this.b[i]++; this.n++; this.sum += ms; if (ms > this.max) this.max = ms;
  }
  pct(p) {
    if (!this.n) return null;
    const want = Math.ceil((p / 100) * this.n);
    let acc = 0;
    for (let i = 0; i < this.b.length; i++) {
      acc += this.b[i];
      if (acc >= want) return i < 10000 ? ((i + 1) * 10) / 1000 : (100000 + (i - 10000 + 1) * 1000) / 1000;
    }
    return this.max;
  }
  summary() {
    if (!this.n) return null;
    const r = (x) => +x.toFixed(3);
    return { n: this.n, mean: r(this.sum / this.n), p50: r(this.pct(50)), p90: r(this.pct(90)), p99: r(this.pct(99)), p999: r(this.pct(99.9)), max: r(this.max) };
  }
}

// ------------------------------------------------------------- clients ----
const stats = { wsFrames: 0, mqttPublishIn: 0, pubacksIn: 0, badPayload: 0, connErrors: 0, unexpectedCloses: 0, decodeErrors: 0, lastErrors: [] };
function noteErr(kind, e) {
  if (stats.lastErrors.length < 5) stats.lastErrors.push(`${kind}: ${e && e.message ? e.message : e}`);
}
let closing = false;

// ------------------------------------------------- minimal WebSocket client ----
// Enough of RFC 6455 for a load generator: client handshake, masked client
// frames, unmasked server frames (any length, fragmented or not), ping->pong,
// close. No extensions. Used with --ws-client lite.
const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
let maskPool = Buffer.alloc(0), maskAt = 0;
function maskKey() {
  if (maskAt + 4 > maskPool.length) { maskPool = crypto.randomBytes(4096); maskAt = 0; }
  maskAt += 4;
  return maskAt - 4;
}
function liteFrame(data, opcode = 0x2) {
  const len = data.length;
  const hl = len < 126 ? 2 : len < 65536 ? 4 : 10;
  const out = Buffer.allocUnsafe(hl + 4 + len);
  out[0] = 0x80 | opcode;
  if (len < 126) out[1] = 0x80 | len;
  else if (len < 65536) { out[1] = 0x80 | 126; out.writeUInt16BE(len, 2); }
  else { out[1] = 0x80 | 127; out.writeUInt32BE(Math.floor(len / 2 ** 32), 2); out.writeUInt32BE(len >>> 0, 6); }
  const k = maskKey();
  const m0 = maskPool[k], m1 = maskPool[k + 1], m2 = maskPool[k + 2], m3 = maskPool[k + 3];
  out[hl] = m0; out[hl + 1] = m1; out[hl + 2] = m2; out[hl + 3] = m3;
  const o = hl + 4;
  for (let i = 0; i < len; i += 4) {
    out[o + i] = data[i] ^ m0;
    if (i + 1 < len) out[o + i + 1] = data[i + 1] ^ m1;
    if (i + 2 < len) out[o + i + 2] = data[i + 2] ^ m2;
    if (i + 3 < len) out[o + i + 3] = data[i + 3] ^ m3;
  }
  return out;
}

// Native payload: ASCII text, so that json, protobuf and raw subscribers all receive it as it is:
// '#@#' <seq> ';' <send time, microseconds of performance.now()> ';' padding. The marker cannot
// occur in the envelope before it (JSON keys and group names, protobuf tags and lengths).
const NATIVE_MARK = Buffer.from('#@#');
function nativePayload(seq) {
  const head = `#@#${seq};${Math.round(performance.now() * 1000)};`;
  return head.length >= PAYLOAD ? head : head + 'x'.repeat(PAYLOAD - head.length);
}
function digitsAt(b, at) {
  let value = 0, i = at;
  for (; i < b.length; i++) { const d = b[i] - 48; if (d < 0 || d > 9) break; value = value * 10 + d; }
  return [value, i];
}
const varint = (n) => { const out = []; while (n > 127) { out.push((n & 127) | 128); n = Math.floor(n / 128); } out.push(n); return out; };
/** UpstreamMessage { sequence_ack_message (8) { sequence_id (1) } } of the protobuf subprotocols. */
function protobufAck(n) { const inner = [0x08, ...varint(n)]; return Buffer.from([0x42, inner.length, ...inner]); }
const reliableClients = new Set();
if (RELIABLE) {
  setInterval(() => {
    for (const c of reliableClients) {
      if (c.received === c.acked || !c.open) continue;
      c.acked = c.received;
      c.send(PROTOBUF ? protobufAck(c.received) : `{"type":"sequenceAck","sequenceId":${c.received}}`);
    }
  }, Number(A['ack-ms'])).unref();
}

class Client {
  constructor(id, publisher = false) {
    this.id = id; this.pending = null; this.ws = null; this.sock = null; this.publisher = publisher;
    this.protocols = publisher ? PUBLISHER_PROTOCOLS : SUBPROTOCOLS;
    this.received = 0; this.acked = 0;
    this.onPublish = null; // (client, seq, sentAtMs) => void
    this.waiter = null; // { type, resolve, reject }
    this.open = false; this.nextPid = 1;
  }

  send(buf) {
    if (this.ws) this.ws.send(buf);
    else if (this.lite) this.sock.write(liteFrame(buf));
    else this.sock.write(buf);
  }

  cork() { const s = this.ws ? this.ws._socket : this.sock; if (s) s.cork(); }
  uncork() { const s = this.ws ? this.ws._socket : this.sock; if (s) s.uncork(); }

  // raw transport open
  connectTransport(timeoutMs) {
    return new Promise((resolve, reject) => {
      const fail = (e) => { if (!this.open) reject(e); };
      if (IS_TCP) {
        const u = new URL(BASE_URL);
        const s = net.connect({ host: u.hostname, port: Number(u.port || 1883) });
        this.sock = s;
        s.setNoDelay(true);
        s.setTimeout(timeoutMs, () => { s.destroy(new Error('tcp connect timeout')); });
        s.on('connect', () => { s.setTimeout(0); this.open = true; resolve(); });
        s.on('data', (d) => this.onData(d));
        s.on('error', (e) => { noteErr('socket', e); fail(e); });
        s.on('close', () => { if (this.open && !closing) stats.unexpectedCloses++; this.open = false; this.failWaiter(new Error('closed')); });
      } else if (WS_CLIENT === 'lite') {
        const u = new URL(urlFor(this.id, this.publisher));
        const port = Number(u.port || 80);
        const s = net.connect({ host: u.hostname, port, localAddress: sourceAddress() });
        this.sock = s; this.lite = true;
        const key = crypto.randomBytes(16).toString('base64');
        let hs = Buffer.alloc(0);
        let upgraded = false;
        s.setNoDelay(true);
        s.setTimeout(timeoutMs, () => { s.destroy(new Error('ws handshake timeout')); });
        s.on('connect', () => {
          s.write(`GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
            `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n` +
            (this.protocols.length ? `Sec-WebSocket-Protocol: ${this.protocols.join(', ')}\r\n` : '') + '\r\n');
        });
        s.on('data', (d) => {
          if (upgraded) { this.liteData(d); return; }
          hs = Buffer.concat([hs, d]);
          const end = hs.indexOf('\r\n\r\n');
          if (end < 0) { if (hs.length > 16384) s.destroy(new Error('handshake response too large')); return; }
          const head = hs.subarray(0, end).toString('latin1');
          const lines = head.split('\r\n');
          const hdr = {};
          for (const l of lines.slice(1)) { const c = l.indexOf(':'); if (c > 0) hdr[l.slice(0, c).trim().toLowerCase()] = l.slice(c + 1).trim(); }
          const expect = crypto.createHash('sha1').update(key + WS_GUID).digest('base64');
          let err = null;
          if (!/^HTTP\/1\.1 101/.test(lines[0])) err = `Unexpected server response: ${lines[0]}`;
          else if (hdr['sec-websocket-accept'] !== expect) err = 'bad Sec-WebSocket-Accept';
          else if (this.protocols.length && !this.protocols.includes(hdr['sec-websocket-protocol'])) err = `server picked subprotocol ${hdr['sec-websocket-protocol'] ?? '(none)'}`;
          else if (!this.protocols.length && hdr['sec-websocket-protocol']) err = 'server picked a subprotocol nobody asked for';
          if (err) { s.destroy(new Error(err)); return; }
          upgraded = true; s.setTimeout(0);
          this.open = true; resolve();
          if (hs.length > end + 4) this.liteData(hs.subarray(end + 4));
          hs = null;
        });
        s.on('error', (e) => { noteErr('lite-ws', e); fail(e); });
        s.on('close', () => { if (this.open && !closing) { stats.unexpectedCloses++; noteErr('close', 'socket closed'); } this.open = false; this.failWaiter(new Error('closed')); });
      } else {
        const ws = new WebSocket(urlFor(this.id, this.publisher), this.protocols, {
          perMessageDeflate: false, handshakeTimeout: timeoutMs, maxPayload: 64 * 1024 * 1024, skipUTF8Validation: true, localAddress: sourceAddress(),
        });
        this.ws = ws;
        ws.binaryType = 'nodebuffer';
        ws.on('open', () => { this.open = true; resolve(); });
        ws.on('message', MODE === 'mqtt' ? (d) => this.onData(d) : (d) => this.onRaw(d));
        ws.on('error', (e) => { noteErr('ws', e); fail(e); });
        ws.on('close', (code) => {
          if (this.open && !closing) { stats.unexpectedCloses++; noteErr('close', `code ${code}`); }
          this.open = false; this.failWaiter(new Error(`closed ${code}`));
        });
      }
    });
  }

  wait(type, timeoutMs) {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => { this.waiter = null; reject(new Error(`${type} timeout`)); }, timeoutMs);
      this.waiter = { type, resolve: (v) => { clearTimeout(t); this.waiter = null; resolve(v); }, reject: (e) => { clearTimeout(t); this.waiter = null; reject(e); } };
    });
  }
  failWaiter(e) { if (this.waiter) this.waiter.reject(e); }

  async mqttConnect(timeoutMs) {
    const p = this.wait('connack', timeoutMs);
    this.send(mqtt.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: V, clean: true, clientId: this.id, keepalive: Number(A.keepalive) }));
    const rc = await p;
    if (rc !== 0) throw new Error(`CONNACK code ${rc}`);
  }

  async subscribe(topic, timeoutMs) {
    const pid = this.nextPid++;
    const p = this.wait('suback', timeoutMs);
    this.send(mqtt.generate({ cmd: 'subscribe', messageId: pid, subscriptions: [{ topic, qos: QOS }] }, { protocolVersion: V }));
    const codes = await p;
    if (codes.some((c) => c >= 0x80)) throw new Error(`SUBACK refused ${codes.join(',')}`);
  }

  close() {
    if (this.ws) this.ws.terminate(); else if (this.sock) this.sock.destroy();
  }

  // --ws-client lite: unmasked server frames -> payloads
  liteData(chunk) {
    let b = chunk;
    if (this.wsPending) { b = Buffer.concat([this.wsPending, chunk]); this.wsPending = null; }
    const len = b.length;
    let off = 0;
    while (off + 2 <= len) {
      const b0 = b[off], b1 = b[off + 1];
      let plen = b1 & 127, p = off + 2;
      if (plen === 126) { if (p + 2 > len) break; plen = b.readUInt16BE(p); p += 2; }
      else if (plen === 127) { if (p + 8 > len) break; plen = b.readUInt32BE(p) * 2 ** 32 + b.readUInt32BE(p + 4); p += 8; }
      if (b1 & 0x80) { stats.decodeErrors++; noteErr('decode', 'masked server frame'); this.close(); return; }
      if (p + plen > len) break;
      const op = b0 & 0x0f;
      const payload = b.subarray(p, p + plen);
      off = p + plen;
      if (op === 0x2 || op === 0x1 || op === 0x0) {
        if (MODE !== 'mqtt') {
          // raw mode needs message boundaries: join fragments until FIN
          if (!(b0 & 0x80) || this.fragments) {
            (this.fragments ??= []).push(Buffer.from(payload));
            if (b0 & 0x80) { const whole = Buffer.concat(this.fragments); this.fragments = null; this.onRaw(whole); }
          } else this.onRaw(payload);
        } else this.onData(payload); // MQTT over WS is a byte stream: frame boundaries do not matter
      } else if (op === 0x9) this.sock.write(liteFrame(payload, 0xA));
      else if (op === 0x8) { this.sock.write(liteFrame(payload.subarray(0, 2), 0x8)); this.sock.end(); }
    }
    if (off < len) this.wsPending = Buffer.from(b.subarray(off));
  }

  // raw and native modes: one WebSocket message is one delivery (or, first, the native 'connected' message)
  onRaw(d) {
    stats.wsFrames++;
    if (this.waiter && this.waiter.type === 'first message') { this.waiter.resolve(0); return; }
    if (MODE === 'raw') {
      if (d.length < 12) { stats.badPayload++; return; }
      if (this.onPublish) this.onPublish(this, d.readUInt32BE(0), d.readDoubleLE(4));
      return;
    }
    const at = d.indexOf(NATIVE_MARK);
    if (at < 0) return; // system messages, acks
    const [seq, end] = digitsAt(d, at + NATIVE_MARK.length);
    const [micros] = digitsAt(d, end + 1);
    if (RELIABLE) this.received++;
    if (this.onPublish) this.onPublish(this, seq, micros / 1000);
  }

  // Streaming MQTT decoder: packets may be split across / packed into frames.
  onData(chunk) {
    stats.wsFrames++;
    let b = chunk;
    if (this.pending) { b = Buffer.concat([this.pending, chunk]); this.pending = null; }
    const len = b.length;
    let off = 0;
    while (off < len) {
      if (len - off < 2) break;
      let i = off + 1, rl = 0, mul = 1, done = false;
      for (let k = 0; k < 4 && i < len; k++) {
        const byte = b[i++];
        rl += (byte & 127) * mul; mul *= 128;
        if ((byte & 128) === 0) { done = true; break; }
      }
      if (!done) {
        if (i - off > 4) { stats.decodeErrors++; noteErr('decode', 'bad remaining length'); this.close(); return; }
        break; // need more bytes
      }
      const end = i + rl;
      if (end > len) break;
      this.packet(b[off], b, i, end);
      off = end;
    }
    if (off < len) this.pending = Buffer.from(b.subarray(off));
  }

  packet(h, b, s, e) {
    const type = h >> 4;
    if (type === 3) { // PUBLISH
      stats.mqttPublishIn++;
      const qos = (h >> 1) & 3;
      let p = s + 2 + b.readUInt16BE(s);
      let pid = 0;
      if (qos > 0) { pid = b.readUInt16BE(p); p += 2; }
      if (V === 5) { // skip properties
        let plen = 0, mul = 1, byte;
        do { byte = b[p++]; plen += (byte & 127) * mul; mul *= 128; } while (byte & 128);
        p += plen;
      }
      if (qos === 1) this.send(Buffer.from([0x40, 0x02, pid >> 8, pid & 255]));
      if (e - p < 12) { stats.badPayload++; return; }
      if (this.onPublish) this.onPublish(this, b.readUInt32BE(p), b.readDoubleLE(p + 4));
    } else if (type === 2) { // CONNACK: byte 0 flags, byte 1 return/reason code
      if (this.waiter && this.waiter.type === 'connack') this.waiter.resolve(b[s + 1]);
    } else if (type === 9) { // SUBACK
      let p = s + 2;
      if (V === 5) { let plen = 0, mul = 1, byte; do { byte = b[p++]; plen += (byte & 127) * mul; mul *= 128; } while (byte & 128); p += plen; }
      if (this.waiter && this.waiter.type === 'suback') this.waiter.resolve(Array.from(b.subarray(p, e)));
    } else if (type === 4) { // PUBACK
      stats.pubacksIn++;
    } else if (type === 14) { // DISCONNECT from server (v5)
      noteErr('disconnect', `server DISCONNECT reason ${e > s ? b[s] : 0}`);
    }
  }
}

async function openClient(id, topic, publisher = false) {
  const tmo = Number(A['connect-timeout-s']) * 1000;
  const c = new Client(id, publisher);
  const t0 = performance.now();
  try {
    // A native server greets with its 'connected' message: that ends the connect, as CONNACK does.
    const greeted = MODE === 'native' && c.protocols.length ? c.wait('first message', tmo) : null;
    greeted?.catch(() => {}); // a failed connect rejects it too; that failure is reported by connectTransport
    await c.connectTransport(tmo);
    if (greeted) await greeted;
    if (RELIABLE && !publisher) reliableClients.add(c);
    if (MODE === 'mqtt') {
      await c.mqttConnect(tmo);
      if (topic) await c.subscribe(topic, tmo);
    }
  } catch (e) {
    c.close();
    throw e;
  }
  c.connectMs = performance.now() - t0;
  return c;
}

async function openMany(n, batch, makeId, makeTopic, hist) {
  const clients = [];
  let errors = 0;
  for (let i = 0; i < n; i += batch) {
    const rs = await Promise.allSettled(Array.from({ length: Math.min(batch, n - i) }, (_, j) => openClient(makeId(i + j), makeTopic ? makeTopic(i + j) : null)));
    for (const r of rs) {
      if (r.status === 'fulfilled') { clients.push(r.value); if (hist) hist.add(r.value.connectMs); } else { errors++; stats.connErrors++; noteErr('connect', r.reason); }
    }
  }
  return { clients, errors };
}

// publish helpers: a pre-generated packet per topic; payload = seq(u32) + sendTime(f64 ms) + padding
function publishTemplate(topic) {
  if (MODE === 'native') return { native: true };
  const payload = Buffer.alloc(PAYLOAD, 0x61);
  if (MODE === 'raw') return { buf: payload, payloadAt: 0, pidAt: -1 };
  const buf = mqtt.generate({ cmd: 'publish', topic, payload, qos: QOS, retain: false, dup: false, messageId: QOS ? 1 : undefined }, { protocolVersion: V });
  const payloadAt = buf.length - PAYLOAD;
  const pidAt = QOS ? (() => { let i = 1; while (buf[i] & 128) i++; return i + 1 + 2 + Buffer.byteLength(topic); })() : -1;
  return { buf, payloadAt, pidAt };
}
let pubPid = 0;
const groupJson = JSON.stringify(A.group);
function sendPublish(pub, tpl, seq) {
  if (tpl.native) {
    const text = nativePayload(seq);
    pub.send(A['publish-raw'] ? Buffer.from(text) : `{"type":"sendToGroup","group":${groupJson},"dataType":"text","data":"${text}","noEcho":true}`);
    return;
  }
  const b = Buffer.allocUnsafe(tpl.buf.length);
  tpl.buf.copy(b);
  if (tpl.pidAt >= 0) { pubPid = (pubPid % 65535) + 1; b.writeUInt16BE(pubPid, tpl.pidAt); }
  b.writeUInt32BE(seq, tpl.payloadAt);
  b.writeDoubleLE(performance.now(), tpl.payloadAt + 4);
  pub.send(b);
}

// ---------------------------------------------------------------- output ----
const result = {
  ts: new Date().toISOString(), scenario: SCEN, label: A.label, url: BASE_URL, subprotocol: SUBPROTOCOLS.join(',') || null,
  wsClient: IS_TCP ? null : WS_CLIENT, mode: MODE, mqttVersion: MODE === 'mqtt' ? V : null, qos: MODE === 'mqtt' ? QOS : null, payloadBytes: PAYLOAD, token: !!TOKEN_KEY,
  pinning: { loadgenCpus: procStatus(process.pid, 'Cpus_allowed_list'), serverPid: SERVER_PID, serverCpus: SERVER_PID ? procStatus(SERVER_PID, 'Cpus_allowed_list') : null },
  node: process.version,
};
let emitted = false;
function emit(extra, code) {
  if (emitted) return;
  emitted = true;
  closing = true;
  Object.assign(result, extra);
  const { lastErrors, ...rest } = stats;
  result.stats = rest;
  if (lastErrors.length) result.errorSamples = lastErrors;
  result.loadgenRssMB = +(process.memoryUsage().rss / 1048576).toFixed(1);
  process.stdout.write(JSON.stringify(result) + '\n');
  for (const c of allClients) c.close();
  setImmediate(() => process.exit(code));
}
const allClients = [];
const hardTimer = setTimeout(() => { emit({ ok: false, error: `timeout after ${A['timeout-s']} s`, partial: partial() }, 3); }, Number(A['timeout-s']) * 1000);
let partial = () => null;

function stallWatch(getProgress, onStall) {
  let last = -1, lastT = performance.now();
  const iv = setInterval(() => {
    const p = getProgress();
    if (p !== last) { last = p; lastT = performance.now(); return; }
    if (performance.now() - lastT > Number(A['stall-s']) * 1000) { clearInterval(iv); onStall(); }
  }, 250);
  return () => clearInterval(iv);
}

const ids = (role) => (i) => `${A['client-prefix']}${RUN_ID}${role}${i}`; // alphanumeric: Azure refuses other client ids

// ------------------------------------------------------------- scenarios ----
async function setupSubs(n, topicOf) {
  const t0 = performance.now();
  const { clients, errors } = await openMany(n, Number(A['setup-batch']), ids('s'), MODE === 'mqtt' ? topicOf : null, null);
  allClients.push(...clients);
  if (errors) throw new Error(`${errors} of ${n} subscribers failed to connect/subscribe`);
  const pub = await openClient(ids('p')(0), null, true);
  allClients.push(pub);
  await new Promise((r) => setTimeout(r, 300)); // let the server finish registering everyone
  return { subs: clients, pub, setupMs: +(performance.now() - t0).toFixed(1) };
}

async function fanout() {
  const N = num('subs', 1000), M = num('messages', 2000), W = num('window', 8);
  const { subs, pub, setupMs } = await setupSubs(N, () => A.topic);
  const tpl = publishTemplate(A.topic);
  const counts = new Uint32Array(M);
  const lat = new Hist();
  let sent = 0, completeUpTo = 0, delivered = 0, finished = false;
  const m = meter();
  let resolveDone;
  const done = new Promise((r) => { resolveDone = r; });
  const pump = () => {
    if (sent >= M || sent - completeUpTo >= W) return;
    pub.cork();
    while (sent < M && sent - completeUpTo < W) sendPublish(pub, tpl, sent++);
    pub.uncork();
  };
  const onPub = (c, seq, sentAt) => {
    if (seq >= M) { stats.badPayload++; return; }
    lat.add(performance.now() - sentAt);
    counts[seq]++; delivered++;
    if (seq === completeUpTo) {
      while (completeUpTo < M && counts[completeUpTo] >= N) completeUpTo++;
      if (completeUpTo === M) { if (!finished) { finished = true; resolveDone('ok'); } return; }
      pump();
    }
  };
  for (const s of subs) s.onPublish = onPub;
  partial = () => ({ sent, delivered, completeUpTo });
  const stopStall = stallWatch(() => delivered, () => resolveDone('stalled'));
  m.start();
  pump();
  const how = await done;
  stopStall();
  const cpu = m.stop();
  const ok = how === 'ok';
  return {
    ok, error: ok ? undefined : `stalled: no delivery for ${A['stall-s']} s`,
    params: { subs: N, messages: M, window: W },
    setupMs,
    sent, delivered, expected: N * M, lost: N * sent - delivered,
    deliveriesPerSec: Math.round(delivered / (cpu.wallMs / 1000)),
    messagesPerSec: Math.round(completeUpTo / (cpu.wallMs / 1000)),
    deliveryLatencyMs: lat.summary(),
    ...cpu,
  };
}

async function latency() {
  const N = num('subs', 100), R = num('rate', 1000), D = num('duration-s', 10);
  const M = Math.round(R * D);
  const { subs, pub, setupMs } = await setupSubs(N, () => A.topic);
  const tpl = publishTemplate(A.topic);
  const lat = new Hist();
  let sent = 0, delivered = 0;
  const m = meter();
  // Per message, its slowest delivery: the worst messages and when they were sent tell a periodic
  // stall (a timer's work, a collection) from a load that grows.
  const worst = new Float64Array(M);
  // Warm-up messages carry sequence numbers from M up and are only counted.
  const WARM = Math.round(R * Number(A['warmup-s']));
  let warmDelivered = 0;
  const onPub = (c, seq, sentAt) => {
    if (seq >= M) { warmDelivered++; return; }
    const ms = performance.now() - sentAt;
    lat.add(ms);
    if (seq < M && ms > worst[seq]) worst[seq] = ms;
    delivered++;
  };
  for (const s of subs) s.onPublish = onPub;
  partial = () => ({ sent, delivered, latencyMs: lat.summary() });
  if (WARM > 0) {
    const w0 = performance.now();
    let warmSent = 0;
    await new Promise((resolve) => {
      const iv = setInterval(() => {
        const due = Math.min(WARM, Math.floor(((performance.now() - w0) * R) / 1000));
        if (due > warmSent) { pub.cork(); while (warmSent < due) sendPublish(pub, tpl, M + warmSent++); pub.uncork(); }
        if (warmSent >= WARM) { clearInterval(iv); resolve(); }
      }, 1);
    });
    const settleEnd = performance.now() + 2000;
    while (warmDelivered < N * WARM && performance.now() < settleEnd) await new Promise((r) => setTimeout(r, 5));
  }
  m.start();
  const t0 = performance.now();
  let lateTicks = 0;
  await new Promise((resolve) => {
    const tick = () => {
      const due = Math.min(M, Math.floor(((performance.now() - t0) * R) / 1000));
      if (due - sent > Math.max(2, R / 500)) lateTicks++;
      if (due > sent) { pub.cork(); while (sent < due) sendPublish(pub, tpl, sent++); pub.uncork(); }
      if (sent >= M) { clearInterval(iv); resolve(); }
    };
    const iv = setInterval(tick, 1);
  });
  const sendWallMs = performance.now() - t0;
  const drainEnd = performance.now() + Number(A['drain-s']) * 1000;
  while (delivered < N * M && performance.now() < drainEnd) await new Promise((r) => setTimeout(r, 5));
  const cpu = m.stop();
  const lost = N * M - delivered;
  return {
    ok: lost === 0, error: lost ? `${lost} deliveries missing after ${A['drain-s']} s drain` : undefined,
    params: { subs: N, rate: R, durationS: D, messages: M, warmupS: Number(A['warmup-s']) },
    setupMs,
    sent, delivered, expected: N * M, lost,
    achievedSendRate: Math.round(sent / (sendWallMs / 1000)), lateTicks,
    deliveriesPerSec: Math.round(delivered / (cpu.wallMs / 1000)),
    latencyMs: lat.summary(),
    slowestMessages: [...worst.keys()].sort((a, b) => worst[b] - worst[a]).slice(0, 10).map((seq) => ({ sentAtMs: Math.round((seq * 1000) / R), ms: +worst[seq].toFixed(2) })),
    ...cpu,
  };
}

async function manyTopics() {
  const N = num('subs', 1000), M = num('messages', 200000), W = num('window', 1000);
  const PB = Math.max(1, Math.min(W, num('pub-batch', 100)));
  const topicOf = (i) => `${A.topic}/${i}`;
  const { subs, pub, setupMs } = await setupSubs(N, topicOf);
  if (MODE !== 'mqtt') throw new Error('many-topics needs --mode mqtt');
  const tpls = Array.from({ length: N }, (_, i) => publishTemplate(topicOf(i)));
  const lat = new Hist();
  let sent = 0, delivered = 0, finished = false;
  const m = meter();
  let resolveDone;
  const done = new Promise((r) => { resolveDone = r; });
  const perSub = new Uint32Array(N);
  subs.forEach((s, i) => { s.idx = i; });
  let misrouted = 0;
  const pump = () => {
    if (sent >= M || sent - delivered > W - PB) return;
    pub.cork();
    while (sent < M && sent - delivered < W) { sendPublish(pub, tpls[sent % N], sent); sent++; }
    pub.uncork();
  };
  const onPub = (c, seq, sentAt) => {
    if (seq % N !== c.idx) misrouted++;
    perSub[c.idx]++;
    lat.add(performance.now() - sentAt);
    delivered++;
    if (delivered >= M) { if (!finished) { finished = true; resolveDone('ok'); } return; }
    pump();
  };
  for (const s of subs) s.onPublish = onPub;
  partial = () => ({ sent, delivered });
  const stopStall = stallWatch(() => delivered, () => resolveDone('stalled'));
  m.start();
  pump();
  const how = await done;
  stopStall();
  const cpu = m.stop();
  let minPer = Infinity, maxPer = 0;
  for (const v of perSub) { if (v < minPer) minPer = v; if (v > maxPer) maxPer = v; }
  const ok = how === 'ok' && misrouted === 0;
  return {
    ok, error: how !== 'ok' ? `stalled: no delivery for ${A['stall-s']} s` : misrouted ? `${misrouted} misrouted` : undefined,
    params: { subs: N, messages: M, window: W, pubBatch: PB },
    setupMs, sent, delivered, expected: M, lost: sent - delivered, misrouted, perSubscriber: { min: minPer, max: maxPer },
    deliveriesPerSec: Math.round(delivered / (cpu.wallMs / 1000)),
    deliveryLatencyMs: lat.summary(),
    ...cpu,
  };
}

async function connections() {
  const C = num('conns', 10000), B = num('batch', 500);
  const srvRss0 = SERVER_PID ? rssKB(SERVER_PID) : null;
  const lgRss0 = process.memoryUsage().rss;
  const hist = new Hist();
  const m = meter();
  m.start();
  const { clients, errors } = await openMany(C, B, ids('c'), null, hist);
  allClients.push(...clients);
  const cpu = m.stop();
  const closes0 = stats.unexpectedCloses;
  await new Promise((r) => setTimeout(r, Number(A['settle-ms'])));
  const srvRss1 = SERVER_PID ? rssKB(SERVER_PID) : null;
  const lgRss1 = process.memoryUsage().rss;
  await new Promise((r) => setTimeout(r, Number(A['hold-s']) * 1000));
  const stillOpen = clients.filter((c) => c.open).length;
  const srvRss2 = SERVER_PID ? rssKB(SERVER_PID) : null;
  const ok = errors === 0 && stillOpen === C;
  return {
    ok, error: ok ? undefined : `${errors} connect errors, ${C - errors - stillOpen} dropped during hold`,
    params: { conns: C, batch: B, settleMs: Number(A['settle-ms']), holdS: Number(A['hold-s']) },
    connected: clients.length, errors, stillOpenAfterHold: stillOpen, droppedAfterConnect: stats.unexpectedCloses - closes0,
    connectsPerSec: Math.round(clients.length / (cpu.wallMs / 1000)),
    connectLatencyMs: hist.summary(),
    serverRssKB: { before: srvRss0, afterSettle: srvRss1, afterHold: srvRss2 },
    serverRssPerConnKB: srvRss0 != null && clients.length ? +((srvRss1 - srvRss0) / clients.length).toFixed(2) : null,
    loadgenRssPerConnKB: clients.length ? +(((lgRss1 - lgRss0) / 1024) / clients.length).toFixed(2) : null,
    serverCpuMsPerConnect: cpu.serverCpuCores != null && clients.length ? +((cpu.serverCpuCores * cpu.wallMs) / clients.length).toFixed(4) : null,
    ...cpu,
  };
}

// ------------------------------------------------------------------ main ----
const RUNNERS = { fanout, latency, 'many-topics': manyTopics, connections };
try {
  const r = await RUNNERS[SCEN]();
  clearTimeout(hardTimer);
  emit(r, r.ok ? 0 : 1);
} catch (e) {
  clearTimeout(hardTimer);
  emit({ ok: false, error: String(e && e.message ? e.message : e) }, 1);
}
