import type { MqttClient } from 'mqtt';
import WebSocket from 'ws';
import { LIVE_PATH, SESSION_COOKIE, type ConnectionSummary, type LiveServerMessage } from '@switchboard/protocol';
import { adminCall, auditLog, login, type AdminSession } from '../harness/admin-session';
import { clientUrl, RawClient } from '../harness/clients';
import { mqttConnect, mqttInbox } from '../harness/mqtt-clients';
import { TestServer } from '../harness/server';
import { until } from '../harness/until';

const HUB = 'adminapi';
const roles = ['webpubsub.joinLeaveGroup', 'webpubsub.sendToGroup'];

/** Every endpoint added for the dashboard, with a valid request for each. */
function endpoints(connectionId: string): Array<{ method: string; path: string; body?: unknown }> {
  return [
    { method: 'GET', path: '/admin/api/connections' },
    { method: 'GET', path: `/admin/api/hubs/${HUB}/connections/${connectionId}` },
    { method: 'GET', path: `/admin/api/hubs/${HUB}/groups` },
    { method: 'GET', path: `/admin/api/hubs/${HUB}/groups/room/connections` },
    { method: 'GET', path: '/admin/api/overview' },
    { method: 'POST', path: `/admin/api/hubs/${HUB}/connections/${connectionId}/close`, body: { reason: 'x' } },
    { method: 'PUT', path: `/admin/api/hubs/${HUB}/connections/${connectionId}/groups/extra` },
    { method: 'DELETE', path: `/admin/api/hubs/${HUB}/connections/${connectionId}/groups/extra` },
    { method: 'DELETE', path: `/admin/api/hubs/${HUB}/groups/nobody` },
    { method: 'POST', path: '/admin/api/broadcast', body: { hub: HUB, target: 'hub', dataType: 'text', data: 'x' } },
    { method: 'POST', path: `/admin/api/hubs/${HUB}/client-url`, body: { minutesToExpire: 5, protocol: 'native' } },
  ];
}

describe('admin API behind the dashboard', () => {
  let server: TestServer;
  let admin: AdminSession;
  let native: RawClient;
  let nativeId: string;
  let device: MqttClient;
  const sockets: RawClient[] = [];

  beforeAll(async () => {
    server = await TestServer.start();
    admin = await login(server);
    native = await RawClient.open(await clientUrl(server, HUB, { userId: 'alice', roles, groups: ['room'] }), 'json.webpubsub.azure.v1');
    nativeId = (await native.nextJson()).connectionId;
    device = await mqttConnect(server, HUB, { clientId: 'sensor7', version: 5, userId: 'bob', groups: ['room'] });
  });

  afterAll(async () => {
    native?.ws.terminate();
    device?.end(true);
    for (const socket of sockets) socket.ws.terminate();
    await server?.stop();
  });

  async function openNative(userId: string, groups: string[] = []): Promise<{ client: RawClient; connectionId: string }> {
    const client = await RawClient.open(await clientUrl(server, HUB, { userId, roles, groups }), 'json.webpubsub.azure.v1');
    sockets.push(client);
    return { client, connectionId: (await client.nextJson()).connectionId };
  }

  describe('authentication', () => {
    it('refuses every new endpoint without a session, and with a forged or ended one', async () => {
      const ended = await login(server);
      await adminCall(server, ended, 'POST', '/admin/api/logout');
      for (const { method, path, body } of endpoints('nobody')) {
        expect([method, path, (await adminCall(server, null, method, path, { body })).status]).toEqual([method, path, 401]);
        const forged = await adminCall(server, admin, method, path, { body, cookie: `${SESSION_COOKIE}=forged` });
        expect([method, path, forged.status]).toEqual([method, path, 401]);
        expect([method, path, (await adminCall(server, ended, method, path, { body })).status]).toEqual([method, path, 401]);
      }
    });

    it('refuses every state-changing endpoint without the CSRF token', async () => {
      for (const { method, path, body } of endpoints(nativeId).filter((e) => e.method !== 'GET')) {
        const answer = await adminCall(server, admin, method, path, { body, csrf: false });
        expect([method, path, answer.status, answer.body.error.code]).toEqual([method, path, 403, 'Forbidden']);
      }
      // Nothing happened: the connection is still open and in no extra group.
      const still = await adminCall(server, admin, 'GET', `/admin/api/hubs/${HUB}/connections/${nativeId}`);
      expect(still.status).toBe(200);
      expect(still.body.groups).toEqual(['room']);
    });
  });

  describe('connections and groups', () => {
    it('lists native and MQTT connections with user, groups, protocol and traffic', async () => {
      const answer = await adminCall(server, admin, 'GET', `/admin/api/connections?hub=${HUB}`);
      expect(answer.status).toBe(200);
      const rows = answer.body.value as ConnectionSummary[];
      expect(rows.find((row) => row.connectionId === nativeId)).toMatchObject({
        hub: HUB,
        userId: 'alice',
        kind: 'native',
        protocol: 'json.webpubsub.azure.v1',
        groups: ['room'],
      });
      const mqtt = rows.find((row) => row.connectionId === 'sensor7');
      expect(mqtt).toMatchObject({ userId: 'bob', kind: 'mqtt', protocol: 'mqtt.v5', groups: ['room'] });
      expect(typeof mqtt!.remoteAddress).toBe('string');
      expect(Date.parse(mqtt!.connectedAt)).toBeGreaterThan(Date.now() - 60_000);
    });

    it('filters by text, kind and group, and pages with a total', async () => {
      const byUser = await adminCall(server, admin, 'GET', `/admin/api/connections?hub=${HUB}&search=BOB`);
      expect(byUser.body.value.map((row: ConnectionSummary) => row.connectionId)).toEqual(['sensor7']);
      const mqttOnly = await adminCall(server, admin, 'GET', '/admin/api/connections?kind=mqtt');
      expect(mqttOnly.body.value.every((row: ConnectionSummary) => row.kind === 'mqtt')).toBe(true);
      const page = await adminCall(server, admin, 'GET', `/admin/api/connections?hub=${HUB}&group=room&top=1&skip=1`);
      expect(page.body.total).toBeGreaterThanOrEqual(2);
      expect(page.body.value).toHaveLength(1);
    });

    it('adds a connection to a group and removes it, and writes both to the audit log', async () => {
      const { connectionId } = await openNative('carol');
      expect((await adminCall(server, admin, 'PUT', `/admin/api/hubs/${HUB}/connections/${connectionId}/groups/team`)).status).toBe(204);
      const groups = await adminCall(server, admin, 'GET', `/admin/api/hubs/${HUB}/groups`);
      expect(groups.body.value).toContainEqual({ name: 'team', members: 1 });
      const members = await adminCall(server, admin, 'GET', `/admin/api/hubs/${HUB}/groups/team/connections`);
      expect(members.body.value.map((row: ConnectionSummary) => row.connectionId)).toEqual([connectionId]);

      expect((await adminCall(server, admin, 'DELETE', `/admin/api/hubs/${HUB}/connections/${connectionId}/groups/team`)).status).toBe(204);
      expect((await adminCall(server, admin, 'GET', `/admin/api/hubs/${HUB}/groups/team/connections`)).body.value).toEqual([]);

      const audit = await auditLog(server, admin);
      expect(audit).toContainEqual(expect.objectContaining({ actor: 'admin:admin', action: 'group.add', target: `${HUB}/${connectionId}`, details: { group: 'team' } }));
      expect(audit).toContainEqual(expect.objectContaining({ actor: 'admin:admin', action: 'group.remove', target: `${HUB}/${connectionId}` }));
    });

    it('empties a group, audited', async () => {
      const a = await openNative('dave', ['crowd']);
      const b = await openNative('erin', ['crowd']);
      expect((await adminCall(server, admin, 'DELETE', `/admin/api/hubs/${HUB}/groups/crowd`)).status).toBe(204);
      for (const { connectionId } of [a, b]) {
        expect((await adminCall(server, admin, 'GET', `/admin/api/hubs/${HUB}/connections/${connectionId}`)).body.groups).toEqual([]);
      }
      expect(await auditLog(server, admin)).toContainEqual(expect.objectContaining({ action: 'group.clear', target: `${HUB}/crowd`, details: { removed: 2 } }));
    });

    it('closes a connection with the reason the client is told, audited', async () => {
      const { client, connectionId } = await openNative('frank');
      const answer = await adminCall(server, admin, 'POST', `/admin/api/hubs/${HUB}/connections/${connectionId}/close`, { body: { reason: 'maintenance' } });
      expect(answer.status).toBe(204);
      expect(await client.nextJson()).toMatchObject({ type: 'system', event: 'disconnected', message: 'maintenance' });
      await client.closed;
      expect((await adminCall(server, admin, 'GET', `/admin/api/hubs/${HUB}/connections/${connectionId}`)).status).toBe(404);
      expect(await auditLog(server, admin)).toContainEqual(
        expect.objectContaining({ action: 'connection.close', target: `${HUB}/${connectionId}`, details: { reason: 'maintenance' } }),
      );
    });
  });

  describe('broadcast', () => {
    it('reaches native and MQTT members of a group through the router, audited without the payload', async () => {
      const inbox = mqttInbox(device);
      const answer = await adminCall(server, admin, 'POST', '/admin/api/broadcast', {
        body: { hub: HUB, target: 'group', to: 'room', dataType: 'json', data: '{"alert":1}' },
      });
      expect(answer.status).toBe(202);
      expect(await native.nextJson()).toEqual({ type: 'message', from: 'group', group: 'room', dataType: 'json', data: { alert: 1 } });
      await until(() => inbox.length > 0);
      expect(inbox[0]).toMatchObject({ topic: 'room', payload: '{"alert":1}' });
      const entry = (await auditLog(server, admin)).find((e) => e.action === 'message.broadcast');
      expect(entry).toMatchObject({ actor: 'admin:admin', target: `${HUB}/group:room`, details: { dataType: 'json', chars: 11 } });
      expect(JSON.stringify(entry)).not.toContain('alert');
    });

    it('applies excluded ids and the OData filter as REST does', async () => {
      const keep = await openNative('gina', ['quiet']);
      const skip = await openNative('hank', ['quiet']);
      const filtered = await openNative('ivan', ['quiet']);
      await adminCall(server, admin, 'POST', '/admin/api/broadcast', {
        body: { hub: HUB, target: 'group', to: 'quiet', dataType: 'binary', data: 'AQID', excluded: [skip.connectionId], filter: "userId ne 'ivan'" },
      });
      expect(await keep.client.nextJson()).toMatchObject({ dataType: 'binary', data: 'AQID' });
      await skip.client.expectSilence(300);
      await filtered.client.expectSilence(100);
    });
  });

  describe('client URL generator', () => {
    it('issues a URL a native client connects with, as the user and in the groups asked, audited without the token', async () => {
      const answer = await adminCall(server, admin, 'POST', `/admin/api/hubs/${HUB}/client-url`, {
        body: { userId: 'urluser', groups: ['fromurl'], roles: ['webpubsub.sendToGroup'], minutesToExpire: 10, protocol: 'native' },
      });
      expect(answer.status).toBe(200);
      expect(answer.body.url).toMatch(new RegExp(`^ws://localhost:${server.port}/client/hubs/${HUB}\\?access_token=`));
      const client = await RawClient.open(answer.body.url.replace('localhost', '127.0.0.1'), 'json.webpubsub.azure.v1');
      sockets.push(client);
      const connected = await client.nextJson();
      expect(connected).toMatchObject({ event: 'connected', userId: 'urluser' });
      expect((await adminCall(server, admin, 'GET', `/admin/api/hubs/${HUB}/connections/${connected.connectionId}`)).body.groups).toEqual(['fromurl']);
      const entry = (await auditLog(server, admin)).find((e) => e.action === 'token.issue');
      expect(entry).toMatchObject({ target: HUB, details: { userId: 'urluser', protocol: 'native', minutesToExpire: 10 } });
      expect(JSON.stringify(entry)).not.toContain(answer.body.token);
    });

    it('issues an MQTT URL on the MQTT endpoint', async () => {
      const answer = await adminCall(server, admin, 'POST', `/admin/api/hubs/${HUB}/client-url`, { body: { minutesToExpire: 1, protocol: 'mqtt' } });
      expect(answer.body.url).toContain(`/clients/mqtt/hubs/${HUB}?access_token=`);
      expect(Date.parse(answer.body.expiresAt) - Date.now()).toBeGreaterThan(50_000);
    });
  });

  describe('input validation', () => {
    it.each([
      { method: 'GET', path: '/admin/api/connections?top=0', body: undefined, target: 'top' },
      { method: 'GET', path: '/admin/api/connections?top=many', body: undefined, target: 'top' },
      { method: 'GET', path: '/admin/api/connections?skip=-1', body: undefined, target: 'skip' },
      { method: 'GET', path: '/admin/api/connections?kind=carrier-pigeon', body: undefined, target: 'kind' },
      { method: 'GET', path: '/admin/api/connections?color=blue', body: undefined, target: 'color' },
      { method: 'GET', path: '/admin/api/connections?hub=1bad', body: undefined, target: 'hub' },
      { method: 'GET', path: '/admin/api/hubs/1bad/groups', body: undefined, target: 'hub' },
      { method: 'PUT', path: `/admin/api/hubs/${HUB}/connections/x/groups/%20`, body: undefined, target: 'group' },
      { method: 'POST', path: `/admin/api/hubs/${HUB}/connections/x/close`, body: { reason: 'r'.repeat(2000) }, target: 'reason' },
      { method: 'POST', path: `/admin/api/hubs/${HUB}/connections/x/close`, body: { reason: 'x', extra: 1 }, target: 'extra' },
      { method: 'POST', path: '/admin/api/broadcast', body: { hub: HUB, target: 'everyone', dataType: 'text', data: 'x' }, target: 'target' },
      { method: 'POST', path: '/admin/api/broadcast', body: { hub: HUB, target: 'hub', dataType: 'text' }, target: 'data' },
      { method: 'POST', path: '/admin/api/broadcast', body: { hub: HUB, target: 'group', dataType: 'text', data: 'x' }, target: 'to' },
      { method: 'POST', path: '/admin/api/broadcast', body: { hub: HUB, target: 'hub', dataType: 'json', data: '{nope' }, target: 'data' },
      { method: 'POST', path: '/admin/api/broadcast', body: { hub: HUB, target: 'hub', dataType: 'binary', data: 'not base64!' }, target: 'data' },
      { method: 'POST', path: '/admin/api/broadcast', body: { hub: HUB, target: 'connection', to: 'c', dataType: 'text', data: 'x', excluded: ['a'] }, target: 'excluded' },
      { method: 'POST', path: '/admin/api/broadcast', body: { hub: '', target: 'hub', dataType: 'text', data: 'x' }, target: 'hub' },
      { method: 'POST', path: `/admin/api/hubs/${HUB}/client-url`, body: { minutesToExpire: 0, protocol: 'native' }, target: 'minutesToExpire' },
      { method: 'POST', path: `/admin/api/hubs/${HUB}/client-url`, body: { minutesToExpire: 5, protocol: 'smoke-signals' }, target: 'protocol' },
      { method: 'POST', path: `/admin/api/hubs/${HUB}/client-url`, body: { minutesToExpire: 5, protocol: 'native', groups: [' '] }, target: 'groups' },
    ])('$method $path is a 400 naming $target', async ({ method, path, body, target }) => {
      const answer = await adminCall(server, admin, method, path, { body });
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('InvalidArgument');
      expect(answer.body.error.target).toBe(target);
    });

    it('answers a bad OData filter with 400 InvalidFilter, as REST does', async () => {
      const answer = await adminCall(server, admin, 'POST', '/admin/api/broadcast', { body: { hub: HUB, target: 'hub', dataType: 'text', data: 'x', filter: 'userId eq' } });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({ code: 'InvalidFilter', target: 'filter' });
    });

    it('answers 404 for a connection that does not exist', async () => {
      expect((await adminCall(server, admin, 'POST', `/admin/api/hubs/${HUB}/connections/nobody/close`, { body: {} })).status).toBe(404);
      expect((await adminCall(server, admin, 'GET', `/admin/api/hubs/${HUB}/connections/nobody`)).status).toBe(404);
    });
  });

  describe('overview', () => {
    it('has the server version, uptime and per-hub connections by protocol', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const answer = await adminCall(server, admin, 'GET', '/admin/api/overview');
      expect(answer.status).toBe(200);
      expect(answer.body.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(answer.body.uptimeSeconds).toBeGreaterThanOrEqual(0);
      const hub = answer.body.hubs.find((h: { hub: string }) => h.hub === HUB);
      expect(hub.connectionsByProtocol['mqtt.v5']).toBe(1);
      expect(hub.connectionsByProtocol['json.webpubsub.azure.v1']).toBeGreaterThanOrEqual(1);
      expect(hub.groups).toBeGreaterThanOrEqual(1);
      expect(hub.history.length).toBeGreaterThan(0);
    });
  });

  describe('live channel', () => {
    function openLive(headers: Record<string, string>): Promise<{ ws: WebSocket; messages: LiveServerMessage[] } | number> {
      return new Promise((resolve, reject) => {
        const ws = new WebSocket(`ws://localhost:${server.port}${LIVE_PATH}`, { headers });
        const messages: LiveServerMessage[] = [];
        ws.on('message', (data) => messages.push(JSON.parse(data.toString())));
        ws.once('open', () => resolve({ ws, messages }));
        ws.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
        ws.once('error', reject);
      });
    }

    it('refuses the upgrade without a session (401) and from another origin (403)', async () => {
      expect(await openLive({})).toBe(401);
      expect(await openLive({ Cookie: `${SESSION_COOKIE}=forged` })).toBe(401);
      expect(await openLive({ Cookie: admin.cookie, Origin: 'https://evil.example' })).toBe(403);
    });

    it('sends a connections snapshot, then coalesced deltas as clients come and go', async () => {
      const live = await openLive({ Cookie: admin.cookie, Origin: `http://localhost:${server.port}` });
      if (typeof live === 'number') throw new Error(`refused with ${live}`);
      live.ws.send(JSON.stringify({ type: 'subscribe', subscription: { topic: 'connections', hub: HUB } }));
      await until(() => live.messages.some((m) => m.type === 'connections'));
      const snapshot = live.messages.find((m) => m.type === 'connections') as Extract<LiveServerMessage, { type: 'connections' }>;
      expect(snapshot.reset).toBe(true);
      expect(snapshot.upserts.map((row) => row.connectionId)).toEqual(expect.arrayContaining([nativeId, 'sensor7']));

      const started = Date.now();
      const { client, connectionId } = await openNative('newcomer', ['late']);
      const added = () => live.messages.some((m) => m.type === 'connections' && m.upserts.some((row) => row.connectionId === connectionId && row.groups.includes('late')));
      await until(added, 1000);
      expect(Date.now() - started).toBeLessThan(1000);
      client.close();
      await until(() => live.messages.some((m) => m.type === 'connections' && m.removed.some((ref) => ref.connectionId === connectionId)), 2000);

      // At most a few updates a second however much happens.
      const before = live.messages.length;
      const burst = await Promise.all(Array.from({ length: 5 }, (_, i) => openNative(`burst${i}`)));
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const deltas = live.messages.slice(before).filter((m) => m.type === 'connections');
      expect(deltas.length).toBeLessThanOrEqual(5);
      const seen = new Set(deltas.flatMap((m) => (m.type === 'connections' ? m.upserts.map((row) => row.connectionId) : [])));
      for (const { connectionId: id } of burst) expect(seen.has(id)).toBe(true);
      live.ws.close();
    });

    it('streams a hub trace with a payload preview while watched', async () => {
      const live = await openLive({ Cookie: admin.cookie });
      if (typeof live === 'number') throw new Error(`refused with ${live}`);
      live.ws.send(JSON.stringify({ type: 'subscribe', subscription: { topic: 'trace', hub: HUB } }));
      await new Promise((resolve) => setTimeout(resolve, 100));
      native.send({ type: 'sendToGroup', group: 'room', dataType: 'text', data: 'traced hello', noEcho: true });
      await until(() => live.messages.some((m) => m.type === 'trace' && m.events.some((e) => e.kind === 'message')), 3000);
      const event = live.messages.flatMap((m) => (m.type === 'trace' ? m.events : [])).find((e) => e.kind === 'message');
      expect(event).toMatchObject({ kind: 'message', hub: HUB, fromConnectionId: nativeId, fromUserId: 'alice', target: { kind: 'group', group: 'room' }, preview: 'traced hello', size: 12 });
      live.ws.close();
    });

    it('answers frames it cannot take with an error and keeps the channel working', async () => {
      const live = await openLive({ Cookie: admin.cookie });
      if (typeof live === 'number') throw new Error(`refused with ${live}`);
      live.ws.send('not json');
      live.ws.send(JSON.stringify({ type: 'shout' }));
      await until(() => live.messages.filter((m) => m.type === 'error').length === 2);
      expect(live.messages.filter((m) => m.type === 'error').map((m) => (m as { message: string }).message)).toEqual([
        'messages must be JSON objects with a type',
        'unknown message type: use subscribe or unsubscribe',
      ]);
      live.ws.send(JSON.stringify({ type: 'subscribe', subscription: { topic: 'overview' } }));
      await until(() => live.messages.some((m) => m.type === 'overview'));
      live.ws.close();
    });
  });
});
