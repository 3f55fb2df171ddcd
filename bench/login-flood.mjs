#!/usr/bin/env node
// REST latency for other callers while the admin login is flooded with wrong passwords: a
// bystander sends to a hub over REST, one request after another, first alone (the baseline) and
// then while waves of 100 concurrent wrong logins arrive. Server on CPU 0; run this under
// `taskset -c 1` to keep the load generator off it.
//
//   node bench/login-flood.mjs [--seconds 10] [--wave 100] [--wave-every-ms 500]
import { arg, startSwitchboard } from './lib/processes.mjs';
import { restSender } from './lib/rest.mjs';

const SECONDS = Number(arg('seconds', 10));
const WAVE = Number(arg('wave', 100));
const WAVE_EVERY_MS = Number(arg('wave-every-ms', 500));

const server = await startSwitchboard();
const rest = restSender(server.port, '/api/hubs/bystander/:send?api-version=2024-12-01', { maxSockets: 1 });

/** One bystander send; resolves with its latency in ms. */
async function send() {
  const t0 = performance.now();
  await rest.send('x');
  return performance.now() - t0;
}

const login = (i) =>
  fetch(`http://127.0.0.1:${server.port}/admin/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: `someone-${i % 10}`, password: `guess-${i}` }) }).then((r) => r.status);

/** The bystander's latencies for `seconds`, while `during` runs beside it. */
async function measure(seconds, during = () => {}) {
  const latencies = [];
  const end = performance.now() + seconds * 1000;
  const stop = during();
  while (performance.now() < end) latencies.push(await send());
  const statuses = await stop?.();
  latencies.sort((a, b) => a - b);
  const pct = (p) => +latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(2);
  return { requests: latencies.length, p50: pct(50), p99: pct(99), max: +latencies.at(-1).toFixed(2), statuses };
}

try {
  // Cold paths first (hub settings, the hashing thread), as a running server has them.
  await send();
  await login(-1);
  const alone = await measure(SECONDS);
  const flooded = await measure(SECONDS, () => {
    const waves = [];
    const timer = setInterval(() => waves.push(Promise.all(Array.from({ length: WAVE }, (_, i) => login(i)))), WAVE_EVERY_MS);
    return async () => {
      clearInterval(timer);
      const counts = {};
      for (const status of (await Promise.all(waves)).flat()) counts[status] = (counts[status] ?? 0) + 1;
      return counts;
    };
  });
  console.log(JSON.stringify({ seconds: SECONDS, wave: WAVE, waveEveryMs: WAVE_EVERY_MS, alone, flooded }));
} finally {
  rest.close();
  await server.stop();
}
process.exit(0);
