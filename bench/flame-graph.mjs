#!/usr/bin/env node
// A flame graph of a V8 .cpuprofile (from SWITCHBOARD_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR"
// on any bench, or `npm run bench:compare -- --flames`), drawn by Vega's partition layout to SVG
// and PNG: the width of a box is the time spent in that function and what it called, from that
// call path; the root is at the bottom. Idle time and start-up (module loading under
// `executeUserEntryPoint`) are left out, so widths are shares of the time the server was busy.
//
//   node bench/flame-graph.mjs <file.cpuprofile> --out <base> [--title "..."] [--min 0.4]
//        [--exclude executeUserEntryPoint,...] [--from-ms 0]
//
// --min: call paths under this percentage of the busy time are folded into their caller.
// --exclude: functions whose whole subtree is left out.
// --from-ms: samples of the profile's first milliseconds are left out (the server's start-up,
//   whose asynchronous part runs under no one function).
import { drawFlameGraph } from './lib/flame-graph.mjs';
import { arg } from './lib/processes.mjs';

const file = process.argv[2];
const out = arg('out', '');
if (!file || file.startsWith('--') || !out) {
  console.error('usage: node bench/flame-graph.mjs <file.cpuprofile> --out <base> [--title "..."] [--min 0.4] [--exclude a,b] [--from-ms N]');
  process.exit(2);
}
const written = await drawFlameGraph(file, out, {
  title: arg('title', undefined),
  minPercent: Number(arg('min', 0.4)),
  exclude: arg('exclude', 'executeUserEntryPoint').split(',').filter(Boolean),
  fromMs: Number(arg('from-ms', 0)),
});
console.log(`${written.svg}\n${written.png}`);
