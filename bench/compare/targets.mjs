// The servers a comparison runs, each started fresh for one measurement on the server core:
// Switchboard (this checkout's build, and optionally another build as "switchboard-before"),
// Mosquitto (Debian's package), Aedes (npm) and the plain `ws` fan-out baselines of the shared
// anchors. Each started target says how the load generator reaches it.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ACCESS_KEY, freePort, pinned, root, startSwitchboard, stopper, waitFor } from '../lib/processes.mjs';
import { open } from '../lib/clients.mjs';

const HERE = join(root, 'bench/compare');
export const SERVER_CPU = 0;
export const LOADGEN_CPU = 1;
const MOSQUITTO_WS_PORT = 18080;

/** Output read and dropped: a full pipe would block the server. */
function drained(child) {
  child.stdout.resume();
  child.stderr.resume();
  return child;
}

const reachable = (url, protocol) => () => open(url, protocol).then((ws) => (ws.close(), true));

function nodeServer(script, args, port, protocol) {
  return async () => {
    const child = drained(pinned(SERVER_CPU, [process.execPath, join(HERE, 'servers', script), '--host', '127.0.0.1', '--port', String(port), ...args], {}, HERE));
    await waitFor(reachable(`ws://127.0.0.1:${port}/`, protocol), script);
    return child;
  };
}

/** Loadgen flags that point it at a Switchboard server on `port`, for MQTT or native clients. */
function switchboardFlags(port, mode) {
  const path = mode === 'mqtt' ? '/clients/mqtt/hubs/bench' : '/client/hubs/bench';
  const flags = ['--url', `ws://127.0.0.1:${port}${path}`, '--token-key', ACCESS_KEY, '--token-aud', `http://localhost:${port}${path}`];
  if (mode === 'mqtt') flags.push('--token-claims', JSON.stringify({ role: ['webpubsub.joinLeaveGroup', 'webpubsub.sendToGroup'] }));
  return flags;
}

/** `profileDir`: the server writes a V8 CPU profile there when it stops (--flames). */
async function switchboard(serverRoot, profileDir) {
  const server = await startSwitchboard(profileDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` } : {}, serverRoot);
  return { pid: server.child.pid, readyMs: server.readyMs, flags: (mode) => switchboardFlags(server.port, mode), stop: server.stop };
}

/** name -> { start(profileDir?): { pid, readyMs?, flags(mode), stop() }, modes: what it serves, version: for the report } */
export const TARGETS = {
  switchboard: { modes: ['mqtt', 'native'], start: (profileDir) => switchboard(undefined, profileDir) },
  'switchboard-before': { modes: ['mqtt', 'native'], start: () => switchboard(process.env.SWITCHBOARD_BEFORE) },
  mosquitto: {
    modes: ['mqtt'],
    async start() {
      const child = drained(pinned(SERVER_CPU, ['mosquitto', '-c', join(HERE, 'servers/mosquitto.conf')], {}, HERE));
      await waitFor(reachable(`ws://127.0.0.1:${MOSQUITTO_WS_PORT}/mqtt`, 'mqtt'), 'mosquitto');
      return { pid: child.pid, flags: () => ['--url', `ws://127.0.0.1:${MOSQUITTO_WS_PORT}/mqtt`], stop: stopper(child) };
    },
  },
  aedes: {
    modes: ['mqtt'],
    async start() {
      const port = await freePort();
      const child = await nodeServer('aedes-ws.mjs', ['--stream', 'ws'], port, 'mqtt')();
      return { pid: child.pid, flags: () => ['--url', `ws://127.0.0.1:${port}/`], stop: stopper(child) };
    },
  },
  // The floor for a Node server: each binary frame framed once and the same bytes written to every socket.
  'ws-preframed': {
    modes: ['native'],
    async start() {
      const port = await freePort();
      const child = await nodeServer('ws-fanout.mjs', ['--mode', 'preframed'], port)();
      return { pid: child.pid, flags: () => ['--url', `ws://127.0.0.1:${port}/`, '--subprotocol', 'none', '--publish-raw'], stop: stopper(child) };
    },
  },
};

/** Versions of what was measured, for the report's footer. */
export function versions() {
  return new Promise((resolve) => {
    const child = spawn('mosquitto', ['-h'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', () => resolve({ node: process.version, mosquitto: 'not found' }));
    child.on('close', () => resolve({ node: process.version, mosquitto: out.split('\n')[0].trim() }));
  });
}
