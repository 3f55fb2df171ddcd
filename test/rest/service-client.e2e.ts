import type { WebPubSubServiceClient } from '@azure/web-pubsub';
import { WebPubSubClient } from '@azure/web-pubsub-client';
import { clientUrl, RawClient, serviceClient } from '../harness/clients';
import { call } from '../harness/management';
import { TestServer } from '../harness/server';
import { until } from '../harness/until';

const JSON_V1 = 'json.webpubsub.azure.v1';

describe('every WebPubSubServiceClient operation against live connections', () => {
  let server: TestServer;
  let service: WebPubSubServiceClient;
  const open: RawClient[] = [];

  beforeAll(async () => {
    server = await TestServer.start();
    service = serviceClient(server, 'rest');
  });

  afterEach(() => {
    for (const client of open.splice(0)) client.ws.terminate();
  });

  afterAll(() => server?.stop());

  /** A json client; resolves once `connected` arrived, with its connectionId. */
  async function connect(userId?: string, options: { roles?: string[]; groups?: string[]; protocol?: string | null } = {}) {
    const url = await clientUrl(server, 'rest', { userId, roles: options.roles, groups: options.groups });
    const client = await RawClient.open(url, options.protocol === null ? undefined : options.protocol ?? JSON_V1);
    open.push(client);
    const connected = options.protocol === null ? null : await client.nextJson();
    return { client, connectionId: connected?.connectionId as string };
  }

  describe('sending', () => {
    it('sendToAll delivers JSON, text and binary with their data types, and honours excluded', async () => {
      const a = await connect('a');
      const b = await connect('b');
      const raw = await connect('raw', { protocol: null });
      await service.sendToAll({ hello: 'all' });
      await service.sendToAll('plain', { contentType: 'text/plain' });
      await service.sendToAll(new Uint8Array([1, 2, 3]).buffer);
      await service.sendToAll('not for a', { contentType: 'text/plain', excludedConnections: [a.connectionId] } as any);
      for (const client of [a.client, b.client]) {
        expect(await client.nextJson()).toEqual({ type: 'message', from: 'server', dataType: 'json', data: { hello: 'all' } });
        expect(await client.nextJson()).toEqual({ type: 'message', from: 'server', dataType: 'text', data: 'plain' });
        expect(await client.nextJson()).toEqual({ type: 'message', from: 'server', dataType: 'binary', data: 'AQID' });
      }
      expect(await b.client.nextJson()).toMatchObject({ data: 'not for a' });
      await a.client.expectSilence();
      expect(await raw.client.next()).toEqual({ data: '{"hello":"all"}', binary: false });
      expect(await raw.client.next()).toEqual({ data: 'plain', binary: false });
      expect((await raw.client.next()).binary).toBe(true);
    });

    it('sendToAll with a filter reaches only the connections it accepts', async () => {
      const a = await connect('fa', { groups: ['vip'] });
      const b = await connect('fb');
      await service.sendToAll('vips only', { contentType: 'text/plain', filter: "'vip' in groups" });
      await service.sendToAll('not fa', { contentType: 'text/plain', filter: "userId ne 'fa'" });
      expect(await a.client.nextJson()).toMatchObject({ data: 'vips only' });
      expect(await b.client.nextJson()).toMatchObject({ data: 'not fa' });
      await a.client.expectSilence();
      await b.client.expectSilence();
    });

    it('sendToUser reaches every connection of that user and no other', async () => {
      const first = await connect('ursula');
      const second = await connect('ursula');
      const other = await connect('oscar');
      await service.sendToUser('ursula', 'for ursula', { contentType: 'text/plain' });
      expect(await first.client.nextJson()).toMatchObject({ from: 'server', data: 'for ursula' });
      expect(await second.client.nextJson()).toMatchObject({ from: 'server', data: 'for ursula' });
      await other.client.expectSilence();
    });

    it('sendToConnection reaches that connection only, and a missing one is still accepted', async () => {
      const target = await connect('t');
      const other = await connect('t');
      await service.sendToConnection(target.connectionId, { only: 'you' });
      await service.sendToConnection('no-such-connection', 'lost', { contentType: 'text/plain' });
      expect(await target.client.nextJson()).toMatchObject({ from: 'server', data: { only: 'you' } });
      await other.client.expectSilence();
    });

    it('group.sendToAll arrives as a group message without fromUserId, with excluded and filter', async () => {
      const a = await connect('ga', { groups: ['team'] });
      const b = await connect('gb', { groups: ['team'] });
      const outsider = await connect('gc');
      await service.group('team').sendToAll('team news', { contentType: 'text/plain' });
      await service.group('team').sendToAll('not for ga', { contentType: 'text/plain', excludedConnections: [a.connectionId] } as any);
      await service.group('team').sendToAll('only gb', { contentType: 'text/plain', filter: "userId eq 'gb'" });
      expect(await a.client.nextJson()).toEqual({ type: 'message', from: 'group', group: 'team', dataType: 'text', data: 'team news' });
      expect(await b.client.nextJson()).toMatchObject({ data: 'team news' });
      expect(await b.client.nextJson()).toMatchObject({ data: 'not for ga' });
      expect(await b.client.nextJson()).toMatchObject({ data: 'only gb' });
      await a.client.expectSilence();
      await outsider.client.expectSilence();
    });
  });

  describe('existence', () => {
    it('connectionExists, userExists and groupExists answer true and false', async () => {
      const a = await connect('exists-user', { groups: ['exists-group'] });
      expect(await service.connectionExists(a.connectionId)).toBe(true);
      expect(await service.connectionExists('nope')).toBe(false);
      expect(await service.userExists('exists-user')).toBe(true);
      expect(await service.userExists('nobody')).toBe(false);
      expect(await service.groupExists('exists-group')).toBe(true);
      expect(await service.groupExists('empty-group')).toBe(false);
    });
  });

  describe('closing', () => {
    it('closeConnection tells the client why, closes it and forgets it', async () => {
      const a = await connect('closer');
      await service.closeConnection(a.connectionId, { reason: 'bye now' });
      expect(await a.client.nextJson()).toEqual({ type: 'system', event: 'disconnected', message: 'bye now' });
      expect((await a.client.closed).code).toBe(1008);
      expect(await service.connectionExists(a.connectionId)).toBe(false);
      await service.closeConnection('already-gone');
    });

    it('closeAllConnections closes all but the excluded', async () => {
      const hub = serviceClient(server, 'closing');
      const url = await clientUrl(server, 'closing', { userId: 'x' });
      const a = await RawClient.open(url, JSON_V1);
      const b = await RawClient.open(url, JSON_V1);
      open.push(a, b);
      const { connectionId: keep } = await a.nextJson();
      await b.nextJson();
      // The SDK's generated layer passes `excluded` through to the query (spec/rest-api.md §4 op 10).
      await hub.closeAllConnections({ reason: 'maintenance', excluded: [keep] } as any);
      expect(await b.nextJson()).toMatchObject({ event: 'disconnected', message: 'maintenance' });
      await a.expectSilence();
      expect(await hub.connectionExists(keep)).toBe(true);
    });

    it('closeUserConnections closes every connection of that user', async () => {
      const a = await connect('leaving');
      const b = await connect('leaving');
      const other = await connect('staying');
      await service.closeUserConnections('leaving', { reason: 'account closed' });
      for (const client of [a.client, b.client]) expect((await client.closed).code).toBe(1008);
      expect(await service.userExists('leaving')).toBe(false);
      expect(await service.connectionExists(other.connectionId)).toBe(true);
    });

    it('group.closeAllConnections closes the group members only', async () => {
      const member = await connect('m', { groups: ['doomed'] });
      const other = await connect('o');
      await service.group('doomed').closeAllConnections({ reason: 'group closed' });
      expect(await member.client.nextJson()).toMatchObject({ event: 'disconnected', message: 'group closed' });
      expect(await service.connectionExists(other.connectionId)).toBe(true);
    });
  });

  describe('group membership', () => {
    it('group.addConnection and removeConnection change what a connection receives', async () => {
      const a = await connect('member-a');
      await service.group('joined').addConnection(a.connectionId);
      await service.group('joined').sendToAll('in', { contentType: 'text/plain' });
      expect(await a.client.nextJson()).toMatchObject({ group: 'joined', data: 'in' });
      await service.group('joined').removeConnection(a.connectionId);
      await service.group('joined').removeConnection(a.connectionId);
      await service.group('joined').sendToAll('out', { contentType: 'text/plain' });
      await a.client.expectSilence();
    });

    it('group.addConnection of a connection that does not exist fails as the SDK reports it', async () => {
      await expect(service.group('g').addConnection('missing-connection')).rejects.toMatchObject({ statusCode: 404 });
    });

    it('group.addUser adds the user now and its later connections, removeUser undoes both', async () => {
      const now = await connect('uma');
      await service.group('uma-group').addUser('uma');
      const later = await connect('uma');
      await service.group('uma-group').sendToAll('both', { contentType: 'text/plain' });
      expect(await now.client.nextJson()).toMatchObject({ data: 'both' });
      expect(await later.client.nextJson()).toMatchObject({ data: 'both' });
      await service.group('uma-group').removeUser('uma');
      const afterwards = await connect('uma');
      await service.group('uma-group').sendToAll('none', { contentType: 'text/plain' });
      for (const client of [now.client, later.client, afterwards.client]) await client.expectSilence(150);
    });

    it('removeConnectionFromAllGroups and removeUserFromAllGroups empty the memberships', async () => {
      const a = await connect('multi', { groups: ['g1', 'g2'] });
      const b = await connect('multi2', { groups: ['g1', 'g3'] });
      await service.removeConnectionFromAllGroups(a.connectionId);
      await service.removeUserFromAllGroups('multi2');
      expect(await service.groupExists('g1')).toBe(false);
      expect(await service.groupExists('g2')).toBe(false);
      expect(await service.groupExists('g3')).toBe(false);
      await b.client.expectSilence(50);
    });

    it('addConnectionsToGroups and removeConnectionsFromGroups act on the connections the filter picks', async () => {
      const a = await connect('bulk-a');
      const b = await connect('bulk-b');
      await service.addConnectionsToGroups(['bulk1', 'bulk2'], "userId eq 'bulk-a'");
      await service.group('bulk2').sendToAll('to bulk2', { contentType: 'text/plain' });
      expect(await a.client.nextJson()).toMatchObject({ group: 'bulk2' });
      await b.client.expectSilence(100);
      await service.removeConnectionsFromGroups(['bulk2'], "startswith(userId, 'bulk')");
      expect(await service.groupExists('bulk1')).toBe(true);
      expect(await service.groupExists('bulk2')).toBe(false);
    });

    it('group.listConnections pages through every member, and top caps the total', async () => {
      const members: Array<{ client: RawClient; connectionId: string }> = [];
      for (let i = 0; i < 5; i++) members.push(await connect(i % 2 ? `lister-${i}` : undefined, { groups: ['listed'] }));
      const listed = [];
      for await (const member of await service.group('listed').listConnections({ maxPageSize: 2 })) listed.push(member);
      expect(listed.map((m: any) => m.connectionId).sort()).toEqual(members.map((m) => m.connectionId).sort());
      const withUser = listed.find((m: any) => m.connectionId === members[1].connectionId) as any;
      expect(withUser.userId).toBe('lister-1');
      const first = [];
      for await (const member of await service.group('listed').listConnections({ maxPageSize: 2, top: 3 })) first.push(member);
      expect(first).toHaveLength(3);
    });
  });

  describe('permissions', () => {
    it('a granted permission is used, checked, revoked and then refused', async () => {
      const url = await clientUrl(server, 'rest', { userId: 'perm' });
      const client = new WebPubSubClient(url, { messageRetryOptions: { maxRetries: 0 }, keepAliveIntervalInMs: 0, keepAliveTimeoutInMs: 0 });
      let connectionId = '';
      client.on('connected', (event) => (connectionId = event.connectionId));
      await client.start();
      try {
        await until(() => connectionId !== '');
        await expect(client.joinGroup('locked')).rejects.toMatchObject({ errorDetail: { name: 'Forbidden' } });
        expect(await service.hasPermission(connectionId, 'joinLeaveGroup', { targetName: 'locked' })).toBe(false);

        await service.grantPermission(connectionId, 'joinLeaveGroup', { targetName: 'locked' });
        expect(await service.hasPermission(connectionId, 'joinLeaveGroup', { targetName: 'locked' })).toBe(true);
        expect(await service.hasPermission(connectionId, 'joinLeaveGroup', { targetName: 'other' })).toBe(false);
        await client.joinGroup('locked');

        await service.grantPermission(connectionId, 'sendToGroup');
        expect(await service.hasPermission(connectionId, 'sendToGroup')).toBe(true);
        expect(await service.hasPermission(connectionId, 'sendToGroup', { targetName: 'anything' })).toBe(true);
        await client.sendToGroup('locked', 'allowed now', 'text');

        await service.revokePermission(connectionId, 'joinLeaveGroup', { targetName: 'locked' });
        expect(await service.hasPermission(connectionId, 'joinLeaveGroup', { targetName: 'locked' })).toBe(false);
        await expect(client.leaveGroup('locked')).rejects.toMatchObject({ errorDetail: { name: 'Forbidden' } });
      } finally {
        client.stop();
      }
    });

    it('grant on a connection that does not exist is 404', async () => {
      await expect(service.grantPermission('ghost', 'sendToGroup')).rejects.toMatchObject({ statusCode: 404 });
    });
  });

  describe('client tokens', () => {
    it('getClientAccessToken tokens carry userId, roles, groups and expiry the native endpoint honours', async () => {
      const { url, token } = await service.getClientAccessToken({ userId: 'tok', roles: ['webpubsub.sendToGroup.tokgroup'], groups: ['tokgroup'], expirationTimeInMinutes: 5 });
      const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
      expect(claims.exp - claims.iat).toBe(300);
      const client = await RawClient.open(url, JSON_V1);
      open.push(client);
      expect(await client.nextJson()).toMatchObject({ event: 'connected', userId: 'tok' });
      client.send({ type: 'sendToGroup', group: 'tokgroup', dataType: 'text', data: 'from token', ackId: 1 });
      const frames = [await client.nextJson(), await client.nextJson()];
      expect(frames).toEqual(expect.arrayContaining([{ type: 'ack', ackId: 1, success: true }, expect.objectContaining({ data: 'from token' })]));
      client.send({ type: 'sendToGroup', group: 'elsewhere', dataType: 'text', data: 'x', ackId: 2 });
      expect(await client.nextJson()).toMatchObject({ ackId: 2, success: false, error: { name: 'Forbidden' } });
    });

    it(':generateToken issues the same kind of token for the native and the MQTT endpoint', async () => {
      const path = '/api/hubs/rest/:generateToken?api-version=2024-12-01&userId=gen&role=webpubsub.joinLeaveGroup&minutesToExpire=10&group=g1&group=g2';
      const answer = await call(server, 'POST', path);
      expect(answer.status).toBe(200);
      const claims = JSON.parse(Buffer.from(answer.body.token.split('.')[1], 'base64url').toString());
      expect(claims).toMatchObject({ sub: 'gen', role: ['webpubsub.joinLeaveGroup'], 'webpubsub.group': ['g1', 'g2'], aud: `http://localhost:${server.port}/client/hubs/rest` });
      expect(claims.exp - claims.iat).toBe(600);
      const client = await RawClient.open(`ws://localhost:${server.port}/client/hubs/rest?access_token=${answer.body.token}`, JSON_V1);
      open.push(client);
      expect(await client.nextJson()).toMatchObject({ userId: 'gen' });

      const mqtt = await call(server, 'POST', '/api/hubs/rest/:generateToken?api-version=2024-12-01&clientType=mqtt');
      expect(JSON.parse(Buffer.from(mqtt.body.token.split('.')[1], 'base64url').toString()).aud).toBe(`http://localhost:${server.port}/clients/mqtt/hubs/rest`);
      expect((await call(server, 'POST', '/api/hubs/rest/:generateToken?api-version=2024-12-01&clientType=socketio')).status).toBe(400);
    });
  });
});
