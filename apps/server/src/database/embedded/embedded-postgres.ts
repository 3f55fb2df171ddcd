import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, lchownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { EmbeddedEngine } from './embedded-engine';
import { findPostgresBinaries } from './postgres-binaries';
import { launcher, launcherHint, type Launcher } from './postgres-launcher';
import { commandLineOf, isAlive, waitForExit } from './process-table';

const logger = new Logger('EmbeddedPostgres');
const PORT = 5432;
/** sun_path holds 104 bytes with its NUL on macOS (108 on Linux); `/.s.PGSQL.5432` takes 14. */
const MAX_SOCKET_DIR_BYTES = 89;

/**
 * Settings passed on every start, so that a new release's values reach old data folders too.
 * Sized for one Switchboard node: a few connections and small buffers keep the idle footprint
 * small; `io_method=sync` spares PostgreSQL 18's three I/O worker processes, and no logical
 * replication spares its launcher.
 */
const SETTINGS = {
  listen_addresses: '',
  max_connections: '20',
  shared_buffers: '32MB',
  io_method: 'sync',
  max_logical_replication_workers: '0',
  lc_messages: 'C',
  log_min_messages: 'warning',
  log_line_prefix: '',
};

/**
 * Real PostgreSQL in `DATA_DIR/postgres`, run as a child process and reached over a Unix socket
 * that only this user can open: no port to pick, no password, nothing listening on the network.
 */
export class EmbeddedPostgres implements EmbeddedEngine {
  readonly poolSize = 10;

  private stopping = false;

  private constructor(
    private readonly child: ChildProcess,
    private readonly exited: Promise<void>,
    private readonly socketDir: string,
    private readonly ownSocketDir: boolean,
    log: { tail(): string },
  ) {
    void exited.then(() => {
      if (!this.stopping) logger.error(`PostgreSQL (pid ${child.pid}) exited on its own${log.tail()}`);
    });
  }

  get connection() {
    return { host: this.socketDir, port: PORT, username: 'postgres', database: 'postgres' };
  }

  static async start(dataDir: string): Promise<EmbeddedPostgres> {
    const binaries = await findPostgresBinaries();
    const how = launcher();
    const pgdata = join(dataDir, 'postgres');
    if (!existsSync(join(pgdata, 'PG_VERSION'))) await initialise(how, binaries.initdb, pgdata);
    else if (how.fileOwner && statSync(pgdata).uid !== how.fileOwner.uid) chownTree(pgdata, how.fileOwner);
    await stopLeftoverPostmaster(pgdata);

    const ownSocketDir = !fitsSocketPath(pgdata);
    const socketDir = ownSocketDir ? mkdtempSync(join(tmpdir(), 'switchboard-pg-')) : pgdata;
    if (ownSocketDir && how.fileOwner) chownSync(socketDir, how.fileOwner.uid, how.fileOwner.gid);
    const settings = { ...SETTINGS, unix_socket_directories: `"${socketDir}"` };
    const args = ['-D', pgdata, '-p', String(PORT), ...Object.entries(settings).flatMap(([key, value]) => ['-c', `${key}=${value}`])];
    const [command, ...words] = [...how.prefix, binaries.postgres, ...args];
    // Own process group: a Ctrl-C in the terminal reaches Switchboard, which then stops PostgreSQL
    // after its own connections are closed, rather than both at once.
    const child = spawn(command, words, { stdio: ['ignore', 'ignore', 'pipe'], detached: true, env: { ...process.env, LC_ALL: 'C' } });
    const output = forwardLog(child);
    // 'close' rather than 'exit': every backend shares the stderr pipe, so it closes once all are gone.
    const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
    try {
      await waitUntilReady(pgdata, child, exited);
    } catch (error) {
      child.kill('SIGQUIT');
      if (ownSocketDir) rmSync(socketDir, { recursive: true, force: true });
      throw new Error(`${(error as Error).message}${output.tail()}${launcherHint(how, output.tail())}`);
    }
    return new EmbeddedPostgres(child, exited, socketDir, ownSocketDir, output);
  }

  /** Fast shutdown: open transactions roll back, a checkpoint is written, the next start is clean. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGINT');
    const timer = setTimeout(() => this.child.kill('SIGQUIT'), 30_000);
    await this.exited;
    clearTimeout(timer);
    if (this.ownSocketDir) rmSync(this.socketDir, { recursive: true, force: true });
  }
}

/** initdb into a scratch folder renamed at the end, so a start killed half-way leaves no half cluster. */
async function initialise(how: Launcher, initdb: string, pgdata: string): Promise<void> {
  const scratch = `${pgdata}.init`;
  rmSync(scratch, { recursive: true, force: true });
  if (how.fileOwner) {
    mkdirSync(scratch, { recursive: true, mode: 0o700 });
    chownSync(scratch, how.fileOwner.uid, how.fileOwner.gid);
  }
  const [command, ...words] = [...how.prefix, initdb, '-D', scratch, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C'];
  const child = spawn(command, words, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => {
    child.once('error', (error) => {
      output += error.message;
      resolve(null);
    });
    child.once('exit', resolve);
  });
  if (code !== 0) {
    rmSync(scratch, { recursive: true, force: true });
    throw new Error(`initdb failed: ${output.trim().split('\n').slice(-5).join(' / ')}${launcherHint(how, output)}`);
  }
  rmSync(pgdata, { recursive: true, force: true });
  renameSync(scratch, pgdata);
  logger.log(`created a PostgreSQL cluster in ${pgdata}`);
}

/**
 * A PostgreSQL still running on this folder while we hold the data folder lock was left by a
 * Switchboard that could not stop it (kill -9 where the kernel cannot signal it, see
 * postgres-launcher.ts): stop it. A postmaster.pid whose pid now names another program is stale.
 */
async function stopLeftoverPostmaster(pgdata: string): Promise<void> {
  const pidFile = join(pgdata, 'postmaster.pid');
  let pid: number;
  try {
    pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  } catch {
    return;
  }
  // A dead pid: PostgreSQL replaces the stale file itself.
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  const command = commandLineOf(pid);
  if (command === null) throw new Error(`PostgreSQL (pid ${pid}) may still run on ${pgdata}: stop it, or remove its postmaster.pid if it is gone`);
  if (!command.includes(pgdata)) {
    unlinkSync(pidFile);
    return;
  }
  logger.warn(`stopping PostgreSQL (pid ${pid}) left running on ${pgdata} by an earlier Switchboard`);
  process.kill(pid, 'SIGINT');
  if (await waitForExit(pid, 20_000)) return;
  process.kill(pid, 'SIGQUIT');
  if (!(await waitForExit(pid, 10_000))) throw new Error(`PostgreSQL (pid ${pid}) left running on ${pgdata} does not stop`);
}

/** pg_ctl's test: postmaster.pid names our child and its status line says "ready". */
async function waitUntilReady(pgdata: string, child: ChildProcess, exited: Promise<void>): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const spawnError = new Promise<never>((_, reject) => child.once('error', reject));
  spawnError.catch(() => undefined);
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`PostgreSQL exited during start (code ${child.exitCode ?? child.signalCode})`);
    try {
      const lines = readFileSync(join(pgdata, 'postmaster.pid'), 'utf8').split('\n');
      if (Number(lines[0]) === child.pid && lines[7]?.trim() === 'ready') return;
    } catch {
      // not written yet
    }
    await Promise.race([new Promise((resolve) => setTimeout(resolve, 20)), spawnError]);
  }
  throw new Error('PostgreSQL was not ready within 120 s');
}

/** A cluster made as root while PostgreSQL ran under the other uid (user namespaces allowed then, not now, or the reverse). */
function chownTree(dir: string, owner: { uid: number; gid: number }): void {
  chownSync(dir, owner.uid, owner.gid);
  for (const entry of readdirSync(dir, { recursive: true }) as string[]) lchownSync(join(dir, entry), owner.uid, owner.gid);
}

function fitsSocketPath(dir: string): boolean {
  return Buffer.byteLength(dir) <= MAX_SOCKET_DIR_BYTES && !/[",\\]/.test(dir);
}

/** PostgreSQL's own log into ours, by severity; the last lines are kept for error messages. */
function forwardLog(child: ChildProcess): { tail(): string } {
  const recent: string[] = [];
  let partial = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines.filter(Boolean)) {
      recent.push(line);
      if (recent.length > 10) recent.shift();
      if (/^(FATAL|PANIC):/.test(line)) logger.error(line);
      else if (/^WARNING:/.test(line)) logger.warn(line);
      else logger.debug(line);
    }
  });
  return { tail: () => (recent.length ? `: ${recent.join(' / ')}` : '') };
}
