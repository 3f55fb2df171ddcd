#!/usr/bin/env node
// Memory per idle connection: N connections opened and left idle, then the server's RSS growth
// divided by N, for native json clients and MQTT 3.1.1 clients on Switchboard, and MQTT clients on
// Mosquitto in the same run. Server on CPU 0; the idle clients live in this process.
//
//   node bench/idle-connections.mjs [--connections 10000] [--reps 1] [--targets switchboard-native,switchboard-mqtt,mosquitto]
//
// SWITCHBOARD_NODE_ARGS="--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=DIR" with --snapshot
// writes two heap snapshots of the server: before the connections open, and with all of them open.
import { openMany } from './lib/clients.mjs';
import { mqttClient, startMqttTarget } from './lib/mqtt-client.mjs';
import { arg, median, rssKb, runReps, startSwitchboard, token } from './lib/processes.mjs';

const CONNECTIONS = Number(arg('connections', 10_000));
const REPS = Number(arg('reps', 1));
const TARGETS = arg('targets', 'switchboard-native,switchboard-mqtt,mosquitto').split(',');
const SNAPSHOT = process.argv.includes('--snapshot');
const SETTLE_MS = 5000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function openClients(target, server) {
  if (target === 'switchboard-native') {
    const base = `http://localhost:${server.port}/client/hubs/bench`;
    return openMany(CONNECTIONS, (i) => `ws://127.0.0.1:${server.port}/client/hubs/bench?access_token=${token(base, { sub: `user${i}` })}`, 'json.webpubsub.azure.v1', 200);
  }
  const sockets = [];
  for (let i = 0; i < CONNECTIONS; i += 200) {
    const batch = await Promise.all(Array.from({ length: Math.min(200, CONNECTIONS - i) }, (_, j) => mqttClient(server.url(), `idle${i + j}`, { version: 4 })));
    sockets.push(...batch.map((client) => client.ws));
  }
  return sockets;
}

async function run(target) {
  const server = target === 'switchboard-native' ? await startSwitchboard() : await startMqttTarget(target === 'mosquitto' ? 'mosquitto' : 'switchboard');
  const pid = server.child.pid;
  let sockets = [];
  try {
    await sleep(SETTLE_MS);
    if (SNAPSHOT && target !== 'mosquitto') {
      server.child.kill('SIGUSR2');
      await sleep(10_000);
    }
    const before = rssKb(pid);
    const opened = Date.now();
    sockets = await openClients(target, server);
    const openSeconds = (Date.now() - opened) / 1000;
    await sleep(SETTLE_MS);
    const after = rssKb(pid);
    if (SNAPSHOT && target !== 'mosquitto') {
      server.child.kill('SIGUSR2');
      await sleep(15_000);
    }
    return { target, connections: sockets.length, rssBeforeMb: Math.round(before / 1024), rssAfterMb: Math.round(after / 1024), kbPerConnection: Number(((after - before) / sockets.length).toFixed(2)), connectsPerSecond: Math.round(sockets.length / openSeconds) };
  } finally {
    for (const ws of sockets) ws.terminate();
    await server.stop();
  }
}

const results = await runReps(REPS, TARGETS, run, { connections: CONNECTIONS });
console.log(`\n| target (${CONNECTIONS} idle connections, ${REPS} runs) | KB per connection (RSS, median) | connects/s (median) |`);
console.log('|---|---|---|');
for (const target of TARGETS) {
  const mine = results.filter((result) => result.target === target);
  console.log(`| ${target} | ${median(mine.map((r) => r.kbPerConnection))} | ${median(mine.map((r) => r.connectsPerSecond)).toLocaleString('en-US')} |`);
}
