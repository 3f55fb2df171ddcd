#!/usr/bin/env node
// Cold start: from spawning the server (or `npm start`) to the first 200 from /readyz.
// Usage: node bench/cold-start.mjs [--reps 3] [--npm-start]   (DATABASE_URL adds PostgreSQL rows)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const args = process.argv.slice(2);
const reps = Number(args[args.indexOf('--reps') + 1]) || 3;
const withNpmStart = args.includes('--npm-start');

function freePort() {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

async function timeToReady(command, argv, env, cwd) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(command, argv, {
    cwd,
    env: { ...process.env, PORT: String(port), ADMIN_PASSWORD: 'bench-password', LOG_LEVEL: 'warn', ...env },
    stdio: 'ignore',
    detached: true,
  });
  const deadline = Date.now() + 120_000;
  try {
    while (Date.now() < deadline) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200) return performance.now() - started;
      } catch {}
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`${command} was not ready within 120 s`);
  } finally {
    process.kill(-child.pid, 'SIGTERM');
    await new Promise((r) => child.once('exit', r));
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

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
const main = join(root, 'apps/server/dist/main.js');

for (const [label, run] of [
  ['node main.js, embedded, empty data dir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-bench-'));
    try { return await timeToReady(process.execPath, [main], { DATA_DIR: dir, DATABASE_URL: '' }, dir); } finally { rmSync(dir, { recursive: true, force: true }); }
  }],
  ['node main.js, embedded, existing data dir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-bench-'));
    try {
      await timeToReady(process.execPath, [main], { DATA_DIR: dir, DATABASE_URL: '' }, dir);
      return await timeToReady(process.execPath, [main], { DATA_DIR: dir, DATABASE_URL: '' }, dir);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  }],
  ...(process.env.DATABASE_URL
    ? [['node main.js, PostgreSQL, empty database', () => withDatabase((url) => timeToReady(process.execPath, [main], { DATABASE_URL: url }, root))]]
    : []),
  ...(withNpmStart
    ? [['npm start (build cached), embedded, empty data dir', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'sb-bench-'));
        try { return await timeToReady('npm', ['start'], { DATA_DIR: dir, DATABASE_URL: '', NX_DAEMON: 'false' }, root); } finally { rmSync(dir, { recursive: true, force: true }); }
      }]]
    : []),
]) {
  const samples = [];
  for (let i = 0; i < reps; i++) samples.push(await run());
  rows.push({ label, median: median(samples), min: Math.min(...samples), max: Math.max(...samples) });
}

console.log(`| start (${reps} runs each) | median ms | min–max ms |\n|---|---|---|`);
for (const r of rows) console.log(`| ${r.label} | ${r.median.toFixed(0)} | ${r.min.toFixed(0)}–${r.max.toFixed(0)} |`);
