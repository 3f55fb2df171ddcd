#!/usr/bin/env node
// Switchboard beside Mosquitto, Aedes and plain `ws`, in one run on pinned cores, with one load
// generator for all: fan-out (MQTT QoS 0/1, 3.1.1/5.0; Web PubSub json, json.reliable, protobuf,
// raw), many topics, latency at a fixed rate, connect rate and idle memory per connection.
// Prints a markdown table of ratios and writes it, the raw results and a chart under bench/results/.
//
//   npm run bench:compare -- [--reps 3] [--only mqtt-v4-qos0,latency] [--targets switchboard,mosquitto]
//                            [--idle 50000 | --idle 0] [--docs] [--flames]
//
// --docs also writes the chart and table to docs/bench/ (what the README shows).
// --flames profiles Switchboard (--cpu-prof) and draws each cell's first run as a flame graph
// (bench/flame-graph.mjs) under the results, and with --docs under docs/bench/flames/ instead of
// the table: profiling slows the server, so take figures from a run without it.
// SWITCHBOARD_BEFORE=<another checkout, built> adds its server as "switchboard-before" wherever
// Switchboard runs, interleaved, for a before/after table from the same run.
// DATABASE_URL: Switchboard's configuration database (the embedded one when unset).
import { appendFileSync, copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { writeChart } from '../lib/chart.mjs';
import { drawFlameGraph } from '../lib/flame-graph.mjs';
import { arg, pinned, root } from '../lib/processes.mjs';
import { CELLS, idleCells } from './cells.mjs';
import { chartSpec, markdown, summarise } from './report.mjs';
import { LOADGEN_CPU, SERVER_CPU, TARGETS, versions } from './targets.mjs';

const REPS = Number(arg('reps', 3));
const BASELINE_SETTLE_MS = 5000;
const ONLY = arg('only', '').split(',').filter(Boolean);
const ONLY_TARGETS = arg('targets', '').split(',').filter(Boolean);
const FLAMES = process.argv.includes('--flames');
const DOCS = process.argv.includes('--docs');

/** The descriptor limit caps how many connections one process can hold: say so rather than fail. */
function idleCount() {
  const wanted = Number(arg('idle', 50_000));
  const limit = Number(/Max open files\s+(\d+)/.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1] ?? Infinity);
  if (wanted > 0 && wanted > limit - 1000) {
    console.error(`compare: ${wanted} idle connections need more than this shell's ${limit} file descriptors per process; measuring ${limit - 1000}`);
    return limit - 1000;
  }
  return wanted;
}

const idle = idleCount();
const cells = [...CELLS, ...(idle > 0 ? idleCells(idle) : [])]
  .filter((cell) => ONLY.length === 0 || ONLY.includes(cell.id) || ONLY.includes(cell.reference.cell))
  .map((cell) => {
    let targets = cell.targets.filter((t) => ONLY_TARGETS.length === 0 || ONLY_TARGETS.includes(t) || t === cell.reference.target);
    if (process.env.SWITCHBOARD_BEFORE && targets.includes('switchboard')) targets = [...targets, 'switchboard-before'];
    return { ...cell, targets };
  });
// A cell whose reference lives in another cell needs that cell too.
for (const cell of [...cells]) {
  if (cell.reference.cell && !cells.some((c) => c.id === cell.reference.cell)) cells.push([...CELLS, ...idleCells(idle)].find((c) => c.id === cell.reference.cell));
}

const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
const outDir = join(root, 'bench/results', `compare-${stamp}`);
mkdirSync(outDir, { recursive: true });
const rawFile = join(outDir, 'raw.jsonl');

function loadgen(args) {
  return new Promise((resolve) => {
    const child = pinned(LOADGEN_CPU, [process.execPath, join(root, 'bench/compare/loadgen.mjs'), ...args], {}, root);
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', () => {
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()));
      } catch {
        resolve({ ok: false, error: `loadgen printed no result: ${err.trim().split('\n').pop()}` });
      }
    });
  });
}

async function measure(cell, target, rep) {
  const profileDir = FLAMES && target === 'switchboard' ? join(outDir, 'profiles', `${cell.id}-${rep}`) : undefined;
  const server = await TARGETS[target].start(profileDir);
  try {
    // A Node server's RSS still grows for a few seconds after it is ready (code compiled on first
    // use, heap sizing): memory per connection is read from a settled baseline, as for Mosquitto.
    if (cell.kind === 'connections') await new Promise((resolve) => setTimeout(resolve, BASELINE_SETTLE_MS));
    // Keep-alive 120 s for every MQTT server: Azure (and so Switchboard) refuses more than 180 s on 3.1.1.
    const mode = cell.mode === 'mqtt' ? ['--keepalive', '120'] : ['--mode', cell.mode];
    const result = await loadgen([...cell.args, ...mode, ...server.flags(cell.mode), '--server-pid', String(server.pid), '--label', `${target}|${cell.id}|${rep}`]);
    return { cell: cell.id, target, rep, ...result };
  } finally {
    await server.stop();
    if (profileDir && rep === 1) await drawFlames(cell, profileDir, server.readyMs);
  }
}

async function drawFlames(cell, profileDir, readyMs) {
  const [profile] = readdirSync(profileDir).filter((name) => name.endsWith('.cpuprofile'));
  if (!profile) return console.error(`compare: ${cell.id} left no CPU profile in ${profileDir}`);
  const dir = DOCS ? join(root, 'docs/bench/flames') : join(outDir, 'flames');
  mkdirSync(dir, { recursive: true });
  // The docs keep only the SVGs, which a browser shows at any zoom; PNGs are for the results folder.
  await drawFlameGraph(join(profileDir, profile), join(dir, cell.id), { title: `Switchboard: ${cell.title.replace(/`/g, '')}`, fromMs: readyMs, png: !DOCS });
}

const results = [];
const started = Date.now();
for (let rep = 1; rep <= REPS; rep++) {
  for (const cell of cells) {
    // Targets interleave within each rep, so drift on the machine spreads over all of them.
    for (const target of cell.targets) {
      const result = await measure(cell, target, rep);
      results.push(result);
      appendFileSync(rawFile, `${JSON.stringify(result)}\n`);
      const headline = result.deliveriesPerSec ?? result.connectsPerSec;
      console.error(`[${Math.round((Date.now() - started) / 1000)} s] rep ${rep} ${cell.id} ${target}: ${result.ok ? 'ok' : `FAILED ${result.error}`} ${headline ?? ''} server ${result.serverCpuCores} cores${result.latencyMs ? ` p99 ${result.latencyMs.p99} ms` : ''}`);
    }
  }
}

const stats = summarise(cells, results);
const meta = {
  date: new Date().toISOString().slice(0, 10),
  machine: `${cpus().length} cores (${cpus()[0]?.model.trim()})`,
  serverCpu: SERVER_CPU,
  loadgenCpu: LOADGEN_CPU,
  reps: REPS,
  versions: await versions(),
  aedes: JSON.parse(readFileSync(join(root, 'node_modules/aedes/package.json'), 'utf8')).version,
  ws: JSON.parse(readFileSync(join(root, 'node_modules/ws/package.json'), 'utf8')).version,
};
const table = markdown(cells, stats, meta);
writeFileSync(join(outDir, 'table.md'), table);
const chart = await writeChart(join(outDir, 'compare'), chartSpec(cells, stats, meta));
if (DOCS && !FLAMES) {
  mkdirSync(join(root, 'docs/bench'), { recursive: true });
  copyFileSync(chart.png, join(root, 'docs/bench/compare.png'));
  writeFileSync(join(root, 'docs/bench/compare.md'), table);
}
console.log(table);
console.error(`compare: ${results.length} runs in ${Math.round((Date.now() - started) / 1000)} s; results, table and chart in ${outDir}`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
