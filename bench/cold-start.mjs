#!/usr/bin/env node
// Cold start and idle footprint: from spawning the server to the first 200 from /readyz, then the
// memory after it has sat idle, the server and the database processes it started counted apart.
//   npx node bench/cold-start.mjs [--reps 3] [--idle 60] [--compare <other checkout>] [--npm-start]
// Scenarios: embedded database on an empty DATA_DIR, embedded restart (second start on the same
// DATA_DIR), and, with DATABASE_URL set, a fresh database on that PostgreSQL. --compare runs every
// scenario on another checkout's build too (e.g. one from before the embedded engine changed),
// interleaved rep by rep; SWITCHBOARD_ROOT replaces this checkout's build, as in the other benches.
// Memory is sampled on the first rep only (--idle seconds after ready); time on every rep.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { arg, freePort, median, root } from './lib/processes.mjs';

const REPS = Number(arg('reps', 3));
const IDLE_SECONDS = Number(arg('idle', 60));
const compare = arg('compare', null);
const withNpmStart = process.argv.includes('--npm-start');
const builds = [resolve(process.env.SWITCHBOARD_ROOT ?? root), ...(compare ? [resolve(compare)] : [])];
for (const build of builds) {
  if (!existsSync(join(build, 'apps/server/dist/main.js'))) throw new Error(`build first: npm run build (in ${build})`);
}

/** Kilobytes of resident (RSS) and proportional (PSS: shared pages split between users) memory. */
function memoryOf(pid) {
  const field = (text, name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
  try {
    return { rss: field(readFileSync(`/proc/${pid}/status`, 'utf8'), 'VmRSS'), pss: field(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'), 'Pss') };
  } catch {
    return { rss: 0, pss: 0 };
  }
}

function descendantsOf(pid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {}
  }
  const found = [];
  const walk = (p) => (children.get(p) ?? []).forEach((child) => (found.push(child), walk(child)));
  walk(pid);
  return found;
}

/**
 * CPU seconds (user + system) a process and the children it waited for (initdb) have used: on a
 * shared, busy machine a steadier figure of the work a start takes than the time it waits for.
 */
function cpuOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [utime, stime, cutime, cstime] = stat.slice(stat.lastIndexOf(')') + 2).split(' ').slice(11, 15).map(Number);
    return (utime + stime + cutime + cstime) / 100;
  } catch {
    return 0;
  }
}

function footprint(pid) {
  const server = memoryOf(pid);
  const database = descendantsOf(pid).map(memoryOf).reduce((a, b) => ({ rss: a.rss + b.rss, pss: a.pss + b.pss }), { rss: 0, pss: 0 });
  return { server, database, processes: descendantsOf(pid).length };
}

/** Starts one server; resolves with the time to ready and, if asked, its footprint after idling. */
async function startOnce({ command, argv, env, cwd }, sampleMemory) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(command, argv, {
    cwd,
    env: { ...process.env, PORT: String(port), ADMIN_PASSWORD: 'bench-password', LOG_LEVEL: 'warn', ...env },
    stdio: 'ignore',
    detached: true,
  });
  const exited = new Promise((r) => child.once('exit', r));
  try {
    const deadline = Date.now() + 120_000;
    let readyMs = null;
    let cpuSeconds = 0;
    while (readyMs === null) {
      if (Date.now() > deadline) throw new Error(`${command} was not ready within 120 s`);
      if (child.exitCode !== null) throw new Error(`${command} ${argv.join(' ')} exited with ${child.exitCode}`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200) readyMs = performance.now() - started;
        // npm start counts npm and nx too: the whole tree.
        if (readyMs !== null) cpuSeconds = [child.pid, ...descendantsOf(child.pid)].reduce((sum, p) => sum + cpuOf(p), 0);
      } catch {}
      if (readyMs === null) await new Promise((r) => setTimeout(r, 20));
    }
    if (!sampleMemory) return { readyMs, cpuSeconds };
    await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
    // Under `npm start` the server is a grandchild: measure the node process that runs main.js.
    const serverPid = command === 'npm' ? descendantsOf(child.pid).find((p) => readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('main.js')) : child.pid;
    return { readyMs, cpuSeconds, ...footprint(serverPid) };
  } finally {
    process.kill(-child.pid, 'SIGTERM');
    await exited;
  }
}

async function withDatabase(run) {
  const { default: pg } = await import('pg');
  const name = `switchboard_bench_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  try {
    return await run(url.toString());
  } finally {
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function inScratchDir(run) {
  const dir = mkdtempSync(join(tmpdir(), 'sb-bench-'));
  try {
    return await run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function scenarios(build) {
  const server = (env, cwd) => ({ command: process.execPath, argv: [join(build, 'apps/server/dist/main.js')], env, cwd });
  const embedded = (dir) => server({ DATA_DIR: dir, DATABASE_URL: '' }, dir);
  return [
    ['embedded, empty DATA_DIR', (sample) => inScratchDir((dir) => startOnce(embedded(dir), sample))],
    ['embedded, restart', (sample) => inScratchDir(async (dir) => (await startOnce(embedded(dir), false), startOnce(embedded(dir), sample)))],
    ...(process.env.DATABASE_URL ? [['PostgreSQL at DATABASE_URL, fresh database', (sample) => withDatabase((url) => startOnce(server({ DATABASE_URL: url }, build), sample))]] : []),
    ...(withNpmStart
      ? [['npm start (build cached), embedded, empty DATA_DIR', (sample) => inScratchDir((dir) => startOnce({ command: 'npm', argv: ['start'], env: { DATA_DIR: dir, DATABASE_URL: '', NX_DAEMON: 'false' }, cwd: build }, sample))]]
      : []),
  ].map(([label, run]) => ({ label: builds.length > 1 ? `${basename(build)}: ${label}` : label, run }));
}

const targets = builds.flatMap(scenarios);
const results = new Map(targets.map((t) => [t.label, []]));
for (let rep = 0; rep < REPS; rep++) {
  for (const target of targets) {
    const result = await target.run(rep === 0);
    console.log(JSON.stringify({ rep, scenario: target.label, ...result }));
    results.get(target.label).push(result);
  }
}

const mb = (kb) => (kb / 1024).toFixed(0);
console.log(`\n| start (${REPS} runs each) | ready, median ms | min–max ms | CPU s to ready, median | server RSS / PSS MB after ${IDLE_SECONDS} s idle | database processes: count, RSS / PSS MB |`);
console.log('|---|---|---|---|---|---|');
for (const [label, runs] of results) {
  const times = runs.map((r) => r.readyMs);
  const cpu = median(runs.map((r) => r.cpuSeconds));
  const { server, database, processes } = runs[0];
  const db = processes ? `${processes}, ${mb(database.rss)} / ${mb(database.pss)}` : 'none started (in-process, or external)';
  console.log(`| ${label} | ${median(times).toFixed(0)} | ${Math.min(...times).toFixed(0)}–${Math.max(...times).toFixed(0)} | ${cpu.toFixed(2)} | ${mb(server.rss)} / ${mb(server.pss)} | ${db} |`);
}
