// Shared by the bench scripts: free ports, CPU pinning, readiness, CPU accounting, tokens, and
// starting the built Switchboard server.
import { execFileSync, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(fileURLToPath(import.meta.url), '../../..');
export const ACCESS_KEY = 'bench-access-key-0123456789abcdef';

export function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

export function freePort() {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-c', '0', 'true']);
    return true;
  } catch {
    return false;
  }
})();

/** Runs a command on one CPU (taskset), as the shared anchors were measured. */
export function pinned(cpu, argv, env, cwd) {
  const [command, args] = hasTaskset ? ['taskset', ['-c', String(cpu), ...argv]] : [argv[0], argv.slice(1)];
  return spawn(command, args, { env: { ...process.env, ...env }, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}

export async function waitFor(check, what, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Resident memory of a process now, in KB. */
export function rssKb(pid) {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
}

/** User + system CPU seconds of a process so far. */
export function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const b64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** HS256 JWT signed with the bench server's access key. */
export function token(aud, claims = {}) {
  const body = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ aud, exp: Math.floor(Date.now() / 1000) + 3600, ...claims })}`;
  return `${body}.${createHmac('sha256', ACCESS_KEY).update(body).digest('base64url')}`;
}

/**
 * The built server on CPU 0 with a database of its own (embedded unless DATABASE_URL is set).
 * SWITCHBOARD_ROOT points at another checkout's build, to compare two versions in one run.
 */
export async function startSwitchboard(extraEnv = {}, serverRoot = process.env.SWITCHBOARD_ROOT ?? root) {
  if (!existsSync(join(serverRoot, 'apps/server/dist/main.js'))) throw new Error(`build first: npm run build (in ${serverRoot})`);
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-bench-'));
  const env = { PORT: String(port), ACCESS_KEY, ADMIN_PASSWORD: 'bench-password', LOG_LEVEL: 'warn', DATA_DIR: dataDir, DATABASE_URL: process.env.DATABASE_URL ?? '', ...extraEnv };
  // SWITCHBOARD_NODE_ARGS: flags for the server's Node (--cpu-prof, --trace-gc...) when profiling.
  const nodeArgs = [...startFlags(serverRoot), ...(process.env.SWITCHBOARD_NODE_ARGS?.split(' ').filter(Boolean) ?? [])];
  const spawnedAt = performance.now();
  const child = pinned(0, [process.execPath, ...nodeArgs, join(serverRoot, 'apps/server/dist/main.js')], env, dataDir);
  // Read the server's output, or a full pipe would block its writes (a stall the bench would measure).
  // SWITCHBOARD_SERVER_LOG=<file> keeps it, for --trace-gc and the like.
  const log = process.env.SWITCHBOARD_SERVER_LOG ? createWriteStream(process.env.SWITCHBOARD_SERVER_LOG, { flags: 'a' }) : null;
  for (const stream of [child.stdout, child.stderr]) {
    if (log) stream.pipe(log, { end: false });
    else stream.resume();
  }
  await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200, 'switchboard');
  // readyMs: from spawn to ready, what a CPU profile of the run starts with (start-up, not load).
  return { child, port, readyMs: performance.now() - spawnedAt, stop: stopper(child, dataDir) };
}

/** The Node flags of a checkout's own `npm start`: the bench runs the server as its users do. */
function startFlags(serverRoot) {
  const start = JSON.parse(readFileSync(join(serverRoot, 'package.json'), 'utf8')).scripts?.start ?? '';
  return /\bnode((?:\s+--\S+)*)\s+apps\/server\/dist\/main\.js/.exec(start)?.[1].trim().split(/\s+/).filter(Boolean) ?? [];
}

/** Stops a server started for one run and removes its scratch folder, if it has one. */
export function stopper(child, scratchDir) {
  return async () => {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    if (scratchDir) rmSync(scratchDir, { recursive: true, force: true });
  };
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Every target once per rep, interleaved so that drift on the machine spreads over all of them; one JSON line per run. */
export async function runReps(reps, targets, run, describe = {}) {
  const results = [];
  for (let rep = 0; rep < reps; rep++) {
    for (const target of targets) {
      const result = await run(target);
      console.log(JSON.stringify({ rep, ...describe, ...result }));
      results.push(result);
    }
  }
  return results;
}
