import type { MqttClient } from 'mqtt';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { describeInBrowser, launchChromium, screenshot } from '../harness/browser';
import { clientUrl, RawClient, serviceClient } from '../harness/clients';
import { call } from '../harness/management';
import { mqttConnect, mqttInbox, type Received } from '../harness/mqtt-clients';
import { TestServer } from '../harness/server';
import { until, untilAsync } from '../harness/until';

const HUB = 'dash';
const roles = ['webpubsub.joinLeaveGroup', 'webpubsub.sendToGroup'];

/**
 * The dashboard in a real Chromium against the real server, with real native and MQTT.js clients:
 * one admin's session from login to logout, each step a test.
 */
describeInBrowser('admin dashboard in a browser', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const sockets: RawClient[] = [];
  const devices: MqttClient[] = [];
  /** Uncaught errors in the page: none is expected at any step. */
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await TestServer.start();
    browser = await launchChromium();
    // The narrowest desktop window the dashboard is laid out for.
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    for (const socket of sockets) socket.ws.terminate();
    for (const device of devices) device.end(true);
    await browser?.close();
    await server?.stop();
  });

  const url = (path: string) => `${server.baseUrl}/dashboard${path}`;

  async function nativeClient(userId: string, groups: string[]): Promise<{ client: RawClient; connectionId: string }> {
    const client = await RawClient.open(await clientUrl(server, HUB, { userId, roles, groups }), 'json.webpubsub.azure.v1');
    sockets.push(client);
    return { client, connectionId: (await client.nextJson()).connectionId };
  }

  function connectionRow(text: string) {
    return page.locator('table[aria-label="connections"] tbody tr', { hasText: text });
  }

  /**
   * Where a table's cells sit against the box that shows it (its scroll container): cells outside
   * it or with clipped content, whether it must scroll sideways, whether it passes the window.
   */
  function tableLayout(label: string) {
    return page.locator(`table[aria-label="${label}"]`).evaluate((table) => {
      const box = table.parentElement!.getBoundingClientRect();
      const cells = [...table.querySelectorAll('th, td')] as HTMLElement[];
      const outside = cells
        .filter((cell) => {
          const rect = cell.getBoundingClientRect();
          return rect.left < box.left - 0.5 || rect.right > box.right + 0.5 || cell.scrollWidth > cell.clientWidth + 1;
        })
        .map((cell) => cell.textContent);
      return {
        headers: [...table.querySelectorAll('th')].map((th) => th.firstChild?.textContent ?? ''),
        outside,
        scrolls: table.parentElement!.scrollWidth > table.parentElement!.clientWidth,
        rightOfWindow: box.right > window.innerWidth,
      };
    });
  }

  /** The hub box of the page shown, once the page has filled it in by itself. */
  async function preselectedHub(): Promise<string> {
    const box = page.getByLabel('Hub', { exact: true });
    await untilAsync(async () => (await box.inputValue()) !== '', 3000);
    return box.inputValue();
  }

  /** What a uPlot chart's legend shows: series label -> value (`--` when the cursor is off the plot). */
  function legend(chart: Locator): Promise<Record<string, string>> {
    return chart.evaluate((figure) =>
      Object.fromEntries([...figure.querySelectorAll('.u-legend .u-series')].map((row) => [row.querySelector('.u-label')?.textContent ?? '', row.querySelector('.u-value')?.textContent ?? ''])),
    );
  }

  /**
   * Pixels drawn on the canvas beside the plotting area: where uPlot writes the time axis (below)
   * and the count axis (left). An axis that was not drawn leaves its strip transparent.
   */
  function axisInk(chart: Locator): Promise<{ timeAxis: number; countAxis: number }> {
    return chart.evaluate((figure) => {
      const canvas = figure.querySelector('canvas')!;
      const box = canvas.getBoundingClientRect();
      const plot = figure.querySelector('.u-over')!.getBoundingClientRect();
      const scale = canvas.width / box.width;
      const context = canvas.getContext('2d')!;
      const ink = (x: number, y: number, width: number, height: number) => {
        const { data } = context.getImageData(Math.round(x * scale), Math.round(y * scale), Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale)));
        let drawn = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) drawn++;
        return drawn;
      };
      return {
        timeAxis: ink(plot.left - box.left, plot.bottom - box.top, plot.width, box.bottom - plot.bottom),
        countAxis: ink(0, plot.top - box.top, plot.left - box.left, plot.height),
      };
    });
  }

  /** Puts the mouse on the newest second of a chart; a pixel to and fro, so each call is a move. */
  let nudge = 0;
  async function hoverNewest(chart: Locator): Promise<void> {
    const plot = (await chart.locator('.u-over').boundingBox())!;
    nudge = (nudge + 1) % 2;
    await page.mouse.move(plot.x + plot.width - 1 - nudge, plot.y + plot.height / 2);
  }

  async function nav(label: string) {
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: label, exact: true }).click();
    // The new page is there, not the one being left (both may have a field of the same name).
    await page.getByRole('heading', { level: 2, name: label }).waitFor();
  }

  it('sends a logged-out page to the login, and shows nothing else', async () => {
    await page.goto(url('/connections'));
    await page.waitForURL(/\/dashboard\/login\?next=%2Fconnections$/);
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Pages' }).count()).toBe(0);
    expect(await page.locator('table').count()).toBe(0);
    await screenshot(page, 'login');
  });

  it('refuses a wrong password', async () => {
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').filter({ hasText: 'wrong user name or password' }).waitFor();
    expect(page.url()).toContain('/dashboard/login');
  });

  it('logs in and returns to the page asked for', async () => {
    await page.getByLabel('Password').fill(server.adminPassword);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/dashboard\/connections$/);
    await page.getByRole('heading', { name: 'Connections' }).waitFor();
  });

  let web: { client: RawClient; connectionId: string };
  let device: MqttClient;
  let deviceInbox: Received[];

  it('shows a native and an MQTT client in Connections within a second, with their groups', async () => {
    await page.locator('table[aria-label="connections"]').waitFor();
    const started = Date.now();
    web = await nativeClient('web-user', ['lobby']);
    device = await mqttConnect(server, HUB, { clientId: 'device42', version: 5, userId: 'sensor-owner', groups: ['lobby', 'sensors'] });
    devices.push(device);
    deviceInbox = mqttInbox(device);
    const connected = Date.now();

    await connectionRow(web.connectionId).waitFor({ timeout: 1000 });
    await connectionRow('device42').waitFor({ timeout: Math.max(1000 - (Date.now() - connected), 1) });
    expect(Date.now() - connected).toBeLessThan(1000);

    const webRow = await connectionRow(web.connectionId).innerText();
    expect(webRow).toContain('web-user');
    expect(webRow).toContain('json.webpubsub.azure.v1');
    expect(webRow).toContain('lobby');
    const deviceRow = await connectionRow('device42').innerText();
    expect(deviceRow).toContain('mqtt.v5');
    expect(deviceRow).toContain('sensor-owner');
    expect(deviceRow).toMatch(/lobby[\s\S]*sensors/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('filters the connections table as the admin types', async () => {
    const filter = page.getByLabel('Filter connections');
    await filter.fill('sensors');
    await connectionRow(web.connectionId).waitFor({ state: 'detached' });
    expect(await connectionRow('device42').count()).toBe(1);
    await screenshot(page, 'connections-filtered');
    await filter.fill('');
    await connectionRow(web.connectionId).waitFor();
    await screenshot(page, 'connections');
  });

  it('fits every column of the connections table in a 1280 px window', async () => {
    // Long values of every kind: the widest protocol name, a long user id, several groups.
    const wide = await RawClient.open(
      await clientUrl(server, HUB, { userId: 'a-rather-long-user-name@example.com', roles, groups: ['lobby', 'sensors', 'night-shift', 'building-7-floor-3'] }),
      'json.reliable.webpubsub.azure.v1',
    );
    sockets.push(wide);
    const { connectionId } = await wide.nextJson();
    await connectionRow('a-rather-long-user-name@example.com').waitFor();

    const layout = await tableLayout('connections');
    expect(layout.headers).toEqual(['Hub', 'Connection id', 'User', 'Protocol', 'Groups', 'Remote address', 'Connected at', 'In', 'Out']);
    expect(layout).toMatchObject({ outside: [], scrolls: false, rightOfWindow: false });
    await screenshot(page, 'connections-1280');
    // A reliable connection outlives its socket for a while (it may reconnect): close it for good.
    await serviceClient(server, HUB).closeConnection(connectionId);
    await connectionRow('a-rather-long-user-name@example.com').waitFor({ state: 'detached' });
  });

  it('hides a column chosen in the column picker, also after a reload', async () => {
    const header = page.locator('table[aria-label="connections"] th', { hasText: 'Remote address' });
    expect(await header.count()).toBe(1);
    await page.getByText('Columns', { exact: true }).click();
    const picker = page.getByRole('group', { name: 'Columns of connections' });
    await picker.getByLabel('Remote address').uncheck();
    await header.waitFor({ state: 'detached' });
    expect(await page.locator('table[aria-label="connections"] th').count()).toBe(8);

    await page.reload();
    await connectionRow('device42').waitFor();
    expect(await header.count()).toBe(0);
    expect(await page.locator('table[aria-label="connections"] tbody tr').first().locator('td').count()).toBe(8);

    await page.getByText('Columns', { exact: true }).click();
    await picker.getByLabel('Remote address').check();
    await header.waitFor();
    await page.getByText('Columns', { exact: true }).click();
  });

  it('broadcasts a text message to a group that the real clients receive', async () => {
    await nav('Broadcast');
    expect(await preselectedHub()).toBe(HUB);
    await page.getByLabel('Target').selectOption('group');
    await page.getByLabel('Group name').fill('lobby');
    await page.getByLabel('Message', { exact: true }).fill('hello from the dashboard');
    await screenshot(page, 'broadcast');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('status').filter({ hasText: 'Sent to group lobby.' }).waitFor();

    expect(await web.client.nextJson()).toEqual({ type: 'message', from: 'group', group: 'lobby', dataType: 'text', data: 'hello from the dashboard' });
    await until(() => deviceInbox.length > 0);
    expect(deviceInbox[0]).toMatchObject({ topic: 'lobby', payload: 'hello from the dashboard' });
  });

  it('refuses to send JSON that does not parse, before it leaves the page', async () => {
    await page.getByLabel('JSON', { exact: true }).check();
    expect(pageErrors).toEqual([]);
    await page.getByLabel('Message', { exact: true }).fill('{"broken":');
    await page.getByRole('alert').filter({ hasText: 'not valid JSON' }).waitFor();
  });

  it('adds a connection to a group from the table', async () => {
    await nav('Connections');
    await connectionRow(web.connectionId).click();
    const panel = page.getByRole('complementary', { name: 'Connection details' });
    await panel.getByLabel('Group to add').fill('vip');
    await panel.getByRole('button', { name: 'Add to group' }).click();
    await connectionRow(web.connectionId).filter({ hasText: 'vip' }).waitFor({ timeout: 2000 });
    // The details open over the table, which keeps its width: no column is pushed out of view.
    expect(await tableLayout('connections')).toMatchObject({ outside: [], scrolls: false });
    await screenshot(page, 'connection-details');
  });

  it('closes a connection from the table, and the client is told why', async () => {
    const panel = page.getByRole('complementary', { name: 'Connection details' });
    await panel.getByLabel('Close reason').fill('closed from the dashboard');
    await panel.getByRole('button', { name: 'Close connection' }).click();
    expect(await web.client.nextJson()).toMatchObject({ type: 'system', event: 'disconnected', message: 'closed from the dashboard' });
    await web.client.closed;
    await connectionRow(web.connectionId).waitFor({ state: 'detached', timeout: 2000 });
  });

  it('shows the live trace of a message a client sends', async () => {
    const sender = await nativeClient('tracer', ['lobby']);
    await nav('Live trace');
    // The only hub with connections is the one shown, without typing.
    expect(await preselectedHub()).toBe(HUB);
    await page.getByRole('button', { name: 'Watch' }).click();
    await page.getByText(`Watching ${HUB}`).waitFor();
    // The subscription reaches the server on the push channel right after the click.
    await new Promise((resolve) => setTimeout(resolve, 300));
    sender.client.send({ type: 'sendToGroup', group: 'lobby', dataType: 'text', data: 'a message worth tracing', noEcho: true });
    const event = page.getByRole('list', { name: 'Trace events' }).locator('li', { hasText: 'a message worth tracing' });
    await event.waitFor({ timeout: 3000 });
    expect(await event.innerText()).toContain(sender.connectionId);
    expect(await event.innerText()).toContain('group lobby');
    await screenshot(page, 'trace');

    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByText('Paused').waitFor();
  });

  it("edits a hub's event handler and finds it saved after a server restart", async () => {
    const created = await call(server, 'PUT', `/admin/api/hubs/${HUB}`, {
      body: { properties: { eventHandlers: [{ urlTemplate: 'http://127.0.0.1:9/before/{event}', systemEvents: ['connected'] }] } },
    });
    expect(created.status).toBe(201);
    await nav('Hubs');
    await page.getByText('1 hub', { exact: true }).waitFor();
    await page.locator('table[aria-label="hubs"] tbody tr', { hasText: HUB }).click();
    const editor = page.getByRole('form', { name: 'Hub settings' });
    await editor.getByLabel('URL template').fill('http://127.0.0.1:9/after/{event}');
    await editor.getByLabel('disconnected').check();
    await editor.getByLabel('Anonymous connect').selectOption('allow');
    await editor.getByLabel('presence joined').check();
    await editor.getByLabel('presence left').check();
    await editor.getByLabel('Groups', { exact: true }).fill('lobby, room-*');
    await screenshot(page, 'hubs');
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.getByText('Saved.').waitFor({ timeout: 15_000 });

    await server.restart();
    await page.reload();
    const after = page.getByRole('form', { name: 'Hub settings' });
    await after.waitFor();
    expect(await after.getByLabel('URL template').inputValue()).toBe('http://127.0.0.1:9/after/{event}');
    expect(await after.getByLabel('disconnected').isChecked()).toBe(true);
    expect(await after.getByLabel('connected', { exact: true }).isChecked()).toBe(true);
    expect(await after.getByLabel('Anonymous connect').inputValue()).toBe('allow');
    expect(await after.getByLabel('presence left').isChecked()).toBe(true);
    expect(await after.getByLabel('Groups', { exact: true }).inputValue()).toBe('lobby, room-*');
    const stored = await call(server, 'GET', `/admin/api/hubs/${HUB}`);
    expect(stored.body.properties.eventHandlers[0].groupPresenceEvents).toEqual({ eventNames: ['joined', 'left'], groupFilters: ['lobby', 'room-*'] });
  });

  it('charts connections and messages per second with uPlot, per hub and in total, values under the cursor', async () => {
    const a = await nativeClient('overview-a', ['lobby', 'team']);
    await nativeClient('overview-b', ['team']);

    await nav('Overview');
    const card = page.getByRole('article', { name: `Hub ${HUB}` });
    await card.waitFor({ timeout: 5000 });
    await card.getByText('2 groups').waitFor({ timeout: 3000 });
    await card.getByText('2 connections').waitFor();
    await page.getByRole('article', { name: 'All hubs' }).getByText('1 hub with traffic in the last 5 minutes').waitFor();

    const hubMessages = page.getByRole('figure', { name: `Messages per second, hub ${HUB}` });
    const allMessages = page.getByRole('figure', { name: 'Messages per second, all hubs' });
    for (const chart of [page.getByRole('figure', { name: `Connections, hub ${HUB}` }), hubMessages, page.getByRole('figure', { name: 'Connections, all hubs' }), allMessages]) {
      expect(await chart.locator('canvas').count()).toBe(1);
      const ink = await axisInk(chart);
      expect(ink.timeAxis).toBeGreaterThan(100);
      expect(ink.countAxis).toBeGreaterThan(50);
    }
    expect(Object.keys(await legend(hubMessages))).toEqual(['Time', 'in', 'out']);
    expect((await legend(hubMessages)).in).toBe('--');

    // Real traffic while the admin hovers: a client sends to its group (in), the service SDK to the hub (out).
    const service = serviceClient(server, HUB);
    const traffic = setInterval(() => {
      a.client.send({ type: 'sendToGroup', group: 'team', dataType: 'text', data: 'x' });
      service.sendToAll('tick', { contentType: 'text/plain' }).catch(() => undefined);
    }, 100);
    try {
      await untilAsync(async () => {
        await hoverNewest(hubMessages);
        const values = await legend(hubMessages);
        return Number(values.in) > 0 && Number(values.out) > 0;
      }, 8000);
      const values = await legend(hubMessages);
      expect(values.Time).toMatch(/^\d{2}:\d{2}:\d{2}$/);
      // The cursor moves on every chart at once, the totals' too.
      const total = await legend(allMessages);
      expect(total.Time).toBe(values.Time);
      expect(Number(total.out)).toBeGreaterThanOrEqual(Number(values.out));
      expect(Number((await legend(page.getByRole('figure', { name: `Connections, hub ${HUB}` }))).connections)).toBeGreaterThanOrEqual(2);
      await screenshot(page, 'overview');
    } finally {
      clearInterval(traffic);
      await page.mouse.move(0, 0);
    }
  });

  it('shows the groups, keys, client URL and account pages', async () => {
    // A configured hub that sorts first but has no client: the hub box still opens on the busy one.
    expect((await call(server, 'PUT', '/admin/api/hubs/aQuietHub', { body: { properties: {} } })).status).toBe(201);
    await nav('Groups');
    expect(await preselectedHub()).toBe(HUB);
    await page.getByText('2 groups', { exact: true }).waitFor();
    await page.locator('table[aria-label="groups"] tbody tr', { hasText: 'lobby' }).click();
    await page.getByText('1 member', { exact: true }).waitFor();
    await page.locator('table[aria-label="groups"] tbody tr', { hasText: 'team' }).click();
    await page.locator('table[aria-label="members"] tbody tr', { hasText: 'overview-b' }).waitFor();
    await page.getByText('2 members', { exact: true }).waitFor();
    expect(await tableLayout('members')).toMatchObject({ outside: [], scrolls: false, rightOfWindow: false });
    await screenshot(page, 'groups');

    await nav('Keys');
    await page.getByRole('article', { name: 'primary key' }).waitFor();
    expect(await page.getByRole('article', { name: 'primary key' }).innerText()).not.toContain(server.accessKey);
    await screenshot(page, 'keys');

    await nav('Client URL');
    expect(await preselectedHub()).toBe(HUB);
    await page.getByLabel('User id').fill('generated-user');
    await page.getByLabel('MQTT').check();
    await page.getByRole('button', { name: 'Generate' }).click();
    await page.getByText(`/clients/mqtt/hubs/${HUB}?access_token=`).waitFor();
    await screenshot(page, 'client-url');

    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: server.adminUser }).click();
    await page.getByRole('form', { name: 'Change password' }).waitFor();
    await screenshot(page, 'account');
  });

  it('switches on retained messages in the hub editor, then lists and deletes one', async () => {
    await nav('Hubs');
    await page.locator('table[aria-label="hubs"] tbody tr', { hasText: HUB }).click();
    const editor = page.getByRole('form', { name: 'Hub settings' });
    await editor.getByLabel('Retained messages').check();
    await editor.getByLabel('Topic alias maximum').fill('16');
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.getByText('Saved.').waitFor({ timeout: 15_000 });
    expect((await call(server, 'GET', `/admin/api/hubs/${HUB}`)).body.properties.mqtt).toMatchObject({ retainedMessages: true, topicAliasMaximum: 16, wildcardSubscriptions: false });

    const device = await mqttConnect(server, HUB, { clientId: 'retainer', version: 5, roles });
    devices.push(device);
    await device.publishAsync('plant/state', 'running', { qos: 1, retain: true });

    await nav('Retained messages');
    expect(await preselectedHub()).toBe(HUB);
    const row = page.locator('table[aria-label="retained messages"] tbody tr', { hasText: 'plant/state' });
    await row.waitFor();
    expect(await row.innerText()).toContain('running');
    await screenshot(page, 'retained');
    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: 'Delete retained message of plant/state' }).click();
    await page.getByText('No retained message in this hub.').waitFor();
    expect((await call(server, 'GET', `/admin/api/hubs/${HUB}/retained`)).body.total).toBe(0);
  });

  it('logs out, after which every page shows only the login', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(/\/dashboard\/login/);
    await page.goto(url('/broadcast'));
    await page.waitForURL(/\/dashboard\/login\?next=%2Fbroadcast$/);
    const session = await page.evaluate(() => fetch('/admin/api/session').then((r) => r.status));
    expect(session).toBe(401);
    expect(pageErrors).toEqual([]);
  });
});
