#!/usr/bin/env node
// Where a server spent its CPU: the heaviest functions of a V8 .cpuprofile (from
// SWITCHBOARD_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" on any bench), by self time and by total
// time (the function and what it called), with the file each lives in.
//
//   node bench/profile-summary.mjs <file.cpuprofile> [--top 25] [--match <substring of a file path>]
import { readCpuProfile, shortUrl } from './lib/cpu-profile.mjs';
import { arg } from './lib/processes.mjs';

const file = process.argv[2];
if (!file || file.startsWith('--')) {
  console.error('usage: node bench/profile-summary.mjs <file.cpuprofile> [--top 25] [--match path]');
  process.exit(2);
}
const TOP = Number(arg('top', 25));
const MATCH = arg('match', '');
const { profile, byId, selfTicks } = readCpuProfile(file);
const total = profile.samples.length;

const keyOf = (node) => `${node.callFrame.functionName || '(anonymous)'} ${shortUrl(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;

const self = new Map();
const inclusive = new Map();
/** Inclusive time counts a function once per stack, however often it recurses. */
function walk(node, onStack) {
  const key = keyOf(node);
  let ticks = selfTicks.get(node.id) ?? 0;
  self.set(key, (self.get(key) ?? 0) + ticks);
  const entered = !onStack.has(key);
  if (entered) onStack.add(key);
  for (const child of node.children ?? []) ticks += walk(byId.get(child), onStack);
  if (entered) {
    onStack.delete(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + ticks);
  }
  return ticks;
}
walk(profile.nodes[0], new Set());

const pct = (ticks) => `${((100 * ticks) / total).toFixed(1).padStart(5)} %`;
const print = (title, map) => {
  console.log(`\n${title}`);
  [...map]
    .filter(([key]) => !MATCH || key.includes(MATCH))
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP)
    .forEach(([key, ticks]) => console.log(`${pct(ticks)}  ${key}`));
};
const idle = [...self].filter(([key]) => key.startsWith('(idle)')).reduce((sum, [, ticks]) => sum + ticks, 0);
console.log(`${total} samples, ${pct(idle).trim()} idle`);
print('self time', self);
print('total time', inclusive);
