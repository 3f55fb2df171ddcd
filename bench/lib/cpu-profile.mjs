// Reading V8 .cpuprofile files, for profile-summary.mjs and the flame graphs.
import { readFileSync } from 'node:fs';

/**
 * The profile, its nodes by id, and how many samples each node was on top of the stack for;
 * with `fromMs`, only the samples taken that long after the profile started (a server's start-up
 * is partly asynchronous, so no one function holds all of it).
 */
export function readCpuProfile(file, { fromMs = 0 } = {}) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfTicks = new Map();
  let atUs = 0;
  profile.samples.forEach((id, i) => {
    atUs += profile.timeDeltas?.[i] ?? 0;
    if (atUs >= fromMs * 1000) selfTicks.set(id, (selfTicks.get(id) ?? 0) + 1);
  });
  return { profile, byId, selfTicks };
}

/** A script's URL without what every frame shares: `apps/...`, `libs/...`, `~/<package>/...`. */
export const shortUrl = (url) => url.replace(/^file:\/\//, '').replace(/.*\/node_modules\//, '~/').replace(/.*\/(apps|libs)\//, '$1/');
