import type { Browser, Page } from 'playwright-core';
import { describeInBrowser, launchChromium, screenshot } from '../harness/browser';
import { clientUrl, RawClient } from '../harness/clients';
import { describeCluster, TestCluster } from '../harness/cluster';
import { call } from '../harness/management';
import { mqttConnect } from '../harness/mqtt-clients';
import { untilAsync } from '../harness/until';

/** The dashboard served by one node shows the whole cluster: every node's connections, and the nodes. */
describeCluster('the dashboard of a cluster', () => {
  describeInBrowser('in a browser', () => {
    let cluster: TestCluster;
    let browser: Browser;
    let page: Page;
    const sockets: RawClient[] = [];
    const devices: Array<{ end(force: boolean): void }> = [];

    beforeAll(async () => {
      cluster = await TestCluster.start(2);
      browser = await launchChromium();
      page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
      const [first] = cluster.nodes;
      await page.goto(`${first.baseUrl}/dashboard/login`);
      await page.getByLabel('User name').fill(first.adminUser);
      await page.getByLabel('Password').fill(first.adminPassword);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('navigation', { name: 'Pages' }).waitFor();
    });

    afterAll(async () => {
      for (const socket of sockets) socket.ws.terminate();
      for (const device of devices) device.end(true);
      await browser?.close();
      await cluster?.stop();
    });

    async function nav(label: string) {
      await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: label, exact: true }).click();
      // The new page is there, not the one being left (both may have a field of the same name).
      await page.getByRole('heading', { level: 2, name: label }).waitFor();
    }

    it('lists the connections of the other node in Connections, and drops them when they leave', async () => {
      const [, second] = cluster.nodes;
      await nav('Connections');
      await page.locator('table[aria-label="connections"]').waitFor();
      const web = await RawClient.open(await clientUrl(second, 'spread', { userId: 'far-web', groups: ['far-group'] }), 'json.webpubsub.azure.v1');
      sockets.push(web);
      const device = await mqttConnect(second, 'spread', { clientId: 'fardevice', version: 4, userId: 'far-device' });
      devices.push(device);
      const rows = page.locator('table[aria-label="connections"] tbody tr');
      await rows.filter({ hasText: 'far-web' }).filter({ hasText: 'far-group' }).waitFor({ timeout: 5000 });
      await rows.filter({ hasText: 'fardevice' }).waitFor({ timeout: 5000 });
      await screenshot(page, 'cluster-connections');

      web.ws.close();
      await rows.filter({ hasText: 'far-web' }).waitFor({ state: 'detached', timeout: 5000 });
    });

    it("counts the other node's connections in the Overview", async () => {
      await untilAsync(async () => {
        const overview = await call(cluster.nodes[0], 'GET', '/admin/api/overview');
        const hub = (overview.body.hubs as Array<{ hub: string; connectionsByProtocol: Record<string, number> }>).find((h) => h.hub === 'spread');
        return hub?.connectionsByProtocol['mqtt.v3.1.1'] === 1;
      });
    });

    it('shows every node on the Nodes page with its connections and heartbeat', async () => {
      await nav('Nodes');
      const table = page.locator('table[aria-label="nodes"]');
      for (const n of [1, 2]) await table.locator('tbody tr', { hasText: `${cluster.nodeIdPrefix}${n}` }).waitFor({ timeout: 5000 });
      await page.getByText('2 nodes on Redis').waitFor();
      // The second node holds the MQTT device: its row counts it once its next heartbeat is in.
      await table.locator('tbody tr', { hasText: `${cluster.nodeIdPrefix}2` }).filter({ hasText: `127.0.0.1:${cluster.nodes[1].port}` }).waitFor();
      await screenshot(page, 'cluster-nodes');
    });
  });
});
