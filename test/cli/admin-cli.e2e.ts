import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebPubSubServiceClient } from '@azure/web-pubsub';
import type { ConnectRequest } from '@azure/web-pubsub-express';
import type { Browser, Page } from 'playwright-core';
import { adminCall, auditLog, login, type AdminSession } from '../harness/admin-session';
import { describeInBrowser, launchChromium } from '../harness/browser';
import { clientUrl, RawClient } from '../harness/clients';
import { freePort } from '../harness/free-port';
import { REDIS_URL, SERVERS_ON_REDIS } from '../harness/redis-url';
import { TestServer } from '../harness/server';
import { POSTGRES_URL } from '../harness/test-database';
import { until, untilAsync } from '../harness/until';
import { EventHandlerApp } from '../upstream/event-handler-app';
import { CLI_LINK, runCli, runCliOnTerminal, type CliResult } from './run-cli';

/**
 * The admin CLI (`npx switchboard`), built, as a child process on the database of a real server
 * running beside it; what it changes is checked through that server: the dashboard in Chromium,
 * the admin API, the official service SDK, a real event handler.
 *
 * Every server here is on Redis already when Redis answers (the CLI's bus announcements are part
 * of what is tested), so the second pass, which only puts servers on Redis, would repeat it.
 */
const describeCli = POSTGRES_URL && !SERVERS_ON_REDIS ? describeInBrowser : describe.skip;
const REDIS_AVAILABLE = process.env.E2E_REDIS_AVAILABLE === '1';

describeCli('admin CLI', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const redisEnv: Record<string, string> = REDIS_AVAILABLE ? { REDIS_URL, REDIS_PREFIX: `e2e-cli-${randomBytes(6).toString('hex')}` } : {};

  /** The server's own environment, as an operator would give it to the CLI. */
  const serverEnv = (): Record<string, string> => ({ DATABASE_URL: databaseUrl(server), PORT: String(server.port), PUBLIC_ENDPOINT: `http://localhost:${server.port}`, ...redisEnv });
  const cli = (args: string[], input?: string) => runCli(args, { env: serverEnv(), input });

  beforeAll(async () => {
    [server, browser] = await Promise.all([TestServer.start({ database: 'postgres', env: redisEnv }), launchChromium()]);
    page = await (await browser.newContext()).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  describe('reset-password', () => {
    let newPassword: string;
    let before: AdminSession;

    it('prints a generated password once and ends the admin’s sessions', async () => {
      before = await login(server);
      const result = await cli(['reset-password', server.adminUser]);
      expect(result).toMatchObject({ code: 0 });
      newPassword = result.stdout.trim();
      expect(newPassword).toMatch(/^[\w-]{16}$/);
      expect(result.stderr).toContain(`The password of admin "${server.adminUser}" is reset; 1 session ended.`);
      expect((await adminCall(server, before, 'GET', '/admin/api/session')).status).toBe(401);
    });

    it('lets the new password log in to the dashboard in a browser, and not the old one', async () => {
      await page.goto(`${server.baseUrl}/dashboard/connections`);
      await page.waitForURL(/\/dashboard\/login\?next=%2Fconnections$/);
      await page.getByLabel('Password').fill(server.adminPassword);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('alert').filter({ hasText: 'wrong user name or password' }).waitFor();
      await page.getByLabel('Password').fill(newPassword);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL(/\/dashboard\/connections$/);
      await page.getByRole('heading', { name: 'Connections' }).waitFor();
    });

    it('takes the password from standard input, and audits the reset as the CLI', async () => {
      const result = await cli(['reset-password', server.adminUser, '--password-stdin'], 'from-stdin-123\n');
      expect(result).toMatchObject({ code: 0, stdout: '' });
      const session = await login(server, 'from-stdin-123');
      const entry = (await auditLog(server, session)).find((candidate) => candidate.action === 'admin.password.reset');
      expect(entry).toMatchObject({ actor: expect.stringMatching(/^cli(:|$)/), target: server.adminUser });
    });
  });

  it('create-admin --prompt: asks twice on a terminal and echoes nothing typed', async () => {
    const typed = 'typed-on-a-terminal';
    const result = await runCliOnTerminal(['create-admin', 'desk', '--prompt'], serverEnv(), [`${typed}x\u007f`, typed]);
    expect(result.code).toBe(0);
    expect(result.output).toMatch(/^New password: \r?\nAgain: \r?\nAdmin "desk" created\.\r?\n$/);
    expect((await loginAs(server, 'desk', typed)).status).toBe(200);
  });

  it('create-admin: the new admin logs in through the admin API', async () => {
    const result = await cli(['create-admin', 'ops@example', '--password-stdin'], 'ops-password-1\n');
    expect(result).toMatchObject({ code: 0, stdout: '' });
    expect(result.stderr).toContain('Admin "ops@example" created.');
    expect((await loginAs(server, 'ops@example', 'ops-password-1')).status).toBe(200);
    expect((await loginAs(server, 'ops@example', 'not-the-password')).status).toBe(401);
  });

  it('connection-string: the string the server prints, which the service SDK uses against it', async () => {
    const [primary, secondary] = await Promise.all([cli(['connection-string']), cli(['connection-string', 'secondary'])]);
    expect(primary).toMatchObject({ code: 0, stdout: `${server.connectionString}\n` });
    expect(secondary.code).toBe(0);
    for (const connectionString of [primary.stdout.trim(), secondary.stdout.trim()]) expect(await sendStatus(connectionString)).toBe(202);
  });

  (REDIS_AVAILABLE ? it : it.skip)('regenerate-key: a server on Redis takes the new key at once', async () => {
    const old = (await cli(['connection-string', 'secondary'])).stdout.trim();
    const result = await cli(['regenerate-key', 'secondary']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('1 running node on the Redis bus took the new key.');
    const fresh = result.stdout.trim();
    expect(fresh).not.toBe(old);
    await untilAsync(async () => (await sendStatus(fresh)) === 202);
    expect(await sendStatus(old)).toBe(401);
  });

  it('regenerate-key: after a restart the server refuses the old connection string and accepts the new one', async () => {
    const old = server.connectionString;
    const result = await cli(['regenerate-key', 'primary']);
    expect(result.code).toBe(0);
    const fresh = result.stdout.trim();
    expect(fresh).toMatch(/^Endpoint=http:\/\/localhost;Port=\d+;AccessKey=[\w+/]{43}=;Version=1\.0;$/);
    expect(fresh).not.toBe(old);
    await server.restart();
    expect(server.connectionString).toBe(fresh);
    expect(await sendStatus(old)).toBe(401);
    expect(await sendStatus(fresh)).toBe(202);
  });

  describe('hubs', () => {
    let app: EventHandlerApp;
    const connects: ConnectRequest[] = [];

    beforeAll(async () => {
      app = await EventHandlerApp.start({
        hub: 'cliEvents',
        allowedEndpoints: [server.baseUrl],
        handler: {
          handleConnect(request, response) {
            connects.push(request);
            response.success();
          },
        },
      });
    });

    afterAll(async () => {
      await app?.close();
    });

    it('list-hubs: a table for people, JSON for scripts', async () => {
      const session = await login(server, 'from-stdin-123');
      const put = await adminCall(server, session, 'PUT', '/admin/api/hubs/Lobby', {
        body: { properties: { anonymousConnectPolicy: 'allow', webSocketKeepAliveIntervalInSeconds: 45, mqtt: { retainedMessages: true }, eventHandlers: [{ urlTemplate: 'http://127.0.0.1:9/{event}' }] } },
      });
      expect(put.status).toBe(201);
      const [table, json] = await Promise.all([cli(['list-hubs']), cli(['list-hubs', '--json'])]);
      expect(table.code).toBe(0);
      const [header, row] = table.stdout.trimEnd().split('\n');
      expect(header.split(/\s{2,}/)).toEqual(['HUB', 'ANONYMOUS', 'KEEP-ALIVE', 'MQTT', 'EVENT HANDLERS', 'UPDATED']);
      expect(row.split(/\s{2,}/).slice(0, 5)).toEqual(['Lobby', 'allow', '45 s', 'retained', '1']);
      expect(JSON.parse(json.stdout)).toEqual((await adminCall(server, session, 'GET', '/admin/api/hubs')).body.value.map(({ eventHandlerStatus: _, ...hub }: { eventHandlerStatus?: unknown }) => hub));
    });

    it('add-event-handler: refuses a hub with no settings unless told to create them', async () => {
      const result = await cli(['add-event-handler', 'cliEvents', '--url', app.urlTemplate, '--system-events', 'connect']);
      expect(result).toMatchObject({ code: 1, stdout: '' });
      expect(result.stderr).toBe('switchboard add-event-handler: hub "cliEvents" has no stored settings (list-hubs shows those that do); add --create to store settings for it\n');
    });

    it('add-event-handler: the handler, probed and stored, receives the connect event of a real client', async () => {
      const result = await cli(['add-event-handler', 'cliEvents', '--url', app.urlTemplate, '--system-events', 'connect', '--user-events', 'chat, typing', '--create']);
      expect(result.stderr).toBe('Event handler 1 of 1 added to hub "cliEvents" (settings created).\n');
      expect(result).toMatchObject({ code: 0, stdout: `${app.urlTemplate}  (user events: chat, typing; system events: connect; auth: None)\n` });
      const session = await login(server, 'from-stdin-123');
      const hub = await adminCall(server, session, 'GET', '/admin/api/hubs/cliEvents');
      expect(hub.body.properties.eventHandlers).toEqual([{ urlTemplate: app.urlTemplate, systemEvents: ['connect'], userEventPattern: 'chat, typing' }]);
      const client = await RawClient.open(await clientUrl(server, 'cliEvents', { userId: 'cli-user' }), 'json.webpubsub.azure.v1');
      await until(() => connects.length === 1);
      expect(connects[0].context).toMatchObject({ hub: 'cliEvents', userId: 'cli-user', eventName: 'connect' });
      client.ws.close();
      const entry = (await auditLog(server, session)).find((candidate) => candidate.target === 'cliEvents');
      expect(entry).toMatchObject({ action: 'hub.create', actor: expect.stringMatching(/^cli(:|$)/) });
    });

    it('add-event-handler: a handler that fails the probe is stored with a warning', async () => {
      const result = await cli(['add-event-handler', 'Lobby', '--url', 'http://127.0.0.1:9/again/{event}', '--auth', 'ManagedIdentity', '--auth-resource', 'api://lobby']);
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/^Event handler 2 of 2 added to hub "Lobby"\.\nwarning: the handler failed abuse protection \(AbuseProtectionResponseFailed: .*\); it is stored but receives no events until it answers the probe\.\n$/);
      const session = await login(server, 'from-stdin-123');
      const hub = await adminCall(server, session, 'GET', '/admin/api/hubs/Lobby');
      expect(hub.body.properties.eventHandlers[1]).toEqual({ urlTemplate: 'http://127.0.0.1:9/again/{event}', auth: { type: 'ManagedIdentity', managedIdentity: { resource: 'api://lobby' } } });
    });
  });

  describe('errors', () => {
    /** Usage errors are found before the database is opened: this one would fail with exit 1. */
    let unreachable: Record<string, string>;

    beforeAll(async () => {
      unreachable = { DATABASE_URL: `postgres://postgres@127.0.0.1:${await freePort()}/nowhere` };
    });

    const usageCases: Array<[string[], string]> = [
      [['reset-password'], 'switchboard reset-password: missing <username>'],
      [['reset-password', 'no spaces'], 'switchboard reset-password: "no spaces" is not an admin user name (1-64 letters, digits and _ . @ - only)'],
      [['reset-password', 'admin', '--password', 'short'], 'switchboard reset-password: the password must be longer than or equal to 8 characters'],
      [['reset-password', 'admin', '--prompt', '--password-stdin'], 'switchboard reset-password: --password-stdin and --prompt cannot be used together'],
      [['reset-password', 'admin', '--prompt'], 'switchboard reset-password: --prompt needs a terminal: use --password-stdin to pass a password through a pipe'],
      [['create-admin', 'admin', '--password-stdin'], 'switchboard create-admin: --password-stdin read an empty password'],
      [['connection-string', 'tertiary'], 'switchboard connection-string: "tertiary" is not a key: say primary or secondary'],
      [['regenerate-key'], 'switchboard regenerate-key: missing <key>'],
      [['list-hubs', 'Lobby'], 'switchboard list-hubs: unexpected argument "Lobby"'],
      [['add-event-handler', 'chat'], 'switchboard add-event-handler: --url is required'],
      [['add-event-handler', '1chat', '--url', 'http://a/'], 'switchboard add-event-handler: hub name must start with a letter'],
      [['add-event-handler', 'chat', '--url', 'http://{hub}.example/'], 'switchboard add-event-handler: --url: urlTemplate must not have placeholders in the host'],
      [['add-event-handler', 'chat', '--url', 'http://a/', '--auth-resource', 'x'], 'switchboard add-event-handler: --auth-resource goes with --auth ManagedIdentity'],
    ];

    it('a wrong command line: exit 2 and a line naming the problem, before the database is opened', async () => {
      const results = await fewAtATime(usageCases.map(([args]) => () => runCli(args, { env: unreachable })));
      usageCases.forEach(([args, line], index) => {
        const { code, stdout, stderr } = results[index];
        expect({ args, code, stdout, firstLine: stderr.split('\n')[0] }).toEqual({ args, code: 2, stdout: '', firstLine: line });
      });
    });

    it('shows the usage after an unknown command or option, and only the line after a bad value', async () => {
      const [unknownCommand, unknownOption, badValue] = await Promise.all([
        runCli(['frobnicate'], { env: unreachable }),
        runCli(['list-hubs', '--all'], { env: unreachable }),
        runCli(['regenerate-key', 'both'], { env: unreachable }),
      ]);
      expect(unknownCommand.stderr).toMatch(/\nCommands:\n {2}reset-password .*\n {2}create-admin .*\n {2}connection-string .*\n {2}regenerate-key .*\n {2}list-hubs .*\n {2}add-event-handler /);
      expect(unknownOption.stderr).toBe('switchboard list-hubs: unknown option --all\nUsage: switchboard list-hubs [--json]\nRun "switchboard list-hubs --help" for more.\n');
      expect(badValue.stderr).toBe('switchboard regenerate-key: "both" is not a key: say primary or secondary\n');
    });

    it('--help for every command, and the overview, through the linked `switchboard` npx runs', async () => {
      const names = ['reset-password', 'create-admin', 'connection-string', 'regenerate-key', 'list-hubs', 'add-event-handler'];
      const helps = await fewAtATime(names.map((name) => () => runCli([name, '--help'], { env: unreachable })));
      helps.forEach(({ code, stdout }, index) => {
        expect(code).toBe(0);
        expect(stdout).toMatch(new RegExp(`^Usage: switchboard ${names[index]}\\b.*\\n\\n\\S`));
      });
      const overview = await runCli(['--help'], { env: unreachable, executable: CLI_LINK });
      expect(overview.code).toBe(0);
      for (const name of names) expect(overview.stdout).toContain(`\n  ${name} `);
    });

    it('an unknown admin or hub, or a name taken: exit 1 naming it', async () => {
      const [admin, hub, taken] = await Promise.all([
        cli(['reset-password', 'nobody', '--password', 'long-enough-1']),
        cli(['add-event-handler', 'nohub', '--url', 'http://127.0.0.1:9/']),
        cli(['create-admin', 'ops@example', '--password', 'another-password']),
      ]);
      expect(admin).toMatchObject({ code: 1, stdout: '', stderr: 'switchboard reset-password: no admin is named "nobody" (admins: admin, desk, ops@example)\n' });
      expect(hub).toMatchObject({ code: 1, stdout: '', stderr: 'switchboard add-event-handler: hub "nohub" has no stored settings (list-hubs shows those that do); add --create to store settings for it\n' });
      expect(taken).toMatchObject({ code: 1, stdout: '', stderr: 'switchboard create-admin: an admin named "ops@example" already exists (reset-password changes a password)\n' });
    });

    it('an unreachable database: exit 1 with one line, the URL’s password left out', async () => {
      const url = new URL(unreachable.DATABASE_URL);
      url.password = 'secret-password';
      const result = await runCli(['list-hubs'], { env: { DATABASE_URL: url.toString() } });
      expect(result).toMatchObject({ code: 1, stdout: '' });
      expect(result.stderr).toBe(`switchboard list-hubs: cannot open the database at DATABASE_URL (${url.host}/nowhere): connect ECONNREFUSED ${url.host}\n`);
    });
  });

  function sdk(connectionString: string): WebPubSubServiceClient {
    return new WebPubSubServiceClient(connectionString, 'cliHub', { allowInsecureConnection: true, retryOptions: { maxRetries: 0 } });
  }

  /** 202 when the server accepts the connection string's key, else the SDK error's status. */
  async function sendStatus(connectionString: string): Promise<number> {
    try {
      await sdk(connectionString).sendToAll('hi');
      return 202;
    } catch (error) {
      return (error as { statusCode?: number }).statusCode ?? 0;
    }
  }
});

/**
 * The embedded database, as `npm start` leaves it: the CLI works on a DATA_DIR while no server
 * runs, and the server started afterwards on it sees what the CLI did.
 */
(SERVERS_ON_REDIS ? describe.skip : describe)('admin CLI on the embedded database', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-cli-'));
  let server: TestServer | null = null;

  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates an admin in a new data folder, and the server started on it afterwards lets them in', async () => {
    const created: CliResult = await runCli(['create-admin', 'first', '--password-stdin'], { env: { DATA_DIR: dataDir }, input: 'first-password\n' });
    expect(created).toMatchObject({ code: 0, stdout: '' });
    server = await TestServer.start({ database: 'embedded', env: { DATA_DIR: dataDir } });
    expect((await loginAs(server, 'first', 'first-password')).status).toBe(200);
    // The server seeds ADMIN_USER only on a database without admins.
    expect((await loginAs(server, server.adminUser, server.adminPassword)).status).toBe(401);
  });

  it('is refused with one clear line while the server holds the data folder, which keeps serving', async () => {
    const refused: CliResult = await runCli(['list-hubs'], { env: { DATA_DIR: dataDir } });
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`the data folder is in use by a running Switchboard \\(pid ${server!.pid}\\); stop it or set DATABASE_URL`)),
    ]);
    expect((await loginAs(server!, 'first', 'first-password')).status).toBe(200);
  });
});

/** Three CLIs at a time: each loads the server's code, and the machine has two cores. */
async function fewAtATime<T>(tasks: Array<() => Promise<T>>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < tasks.length; i += 3) results.push(...(await Promise.all(tasks.slice(i, i + 3).map((task) => task()))));
  return results;
}

function databaseUrl(server: TestServer): string {
  const url = new URL(POSTGRES_URL!);
  url.pathname = `/${server.postgresDatabase}`;
  return url.toString();
}

function loginAs(server: TestServer, username: string, password: string): Promise<Response> {
  return fetch(`${server.baseUrl}/admin/api/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) });
}
