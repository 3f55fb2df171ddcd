import type { WebPubSubServiceClient } from '@azure/web-pubsub';
import { clientUrl, RawClient, serviceClient } from '../harness/clients';
import { describeCluster, TestCluster } from '../harness/cluster';
import type { TestServer } from '../harness/server';

const JSON_V1 = 'json.webpubsub.azure.v1';
const HUB = 'across';

/**
 * The official service client talks to node 1 only; the clients it acts on sit on node 2 (and
 * node 1): every answer must be the one a single node holding them all would give.
 */
describeCluster('the REST API across two nodes', () => {
  let cluster: TestCluster;
  let one: TestServer;
  let two: TestServer;
  let service: WebPubSubServiceClient;
  const open: RawClient[] = [];

  beforeAll(async () => {
    cluster = await TestCluster.start(2);
    [one, two] = cluster.nodes;
    service = serviceClient(one, HUB);
  });

  afterEach(() => {
    for (const client of open.splice(0)) client.ws.terminate();
  });

  afterAll(() => cluster?.stop());

  async function connect(node: TestServer, userId?: string, options: { roles?: string[]; groups?: string[] } = {}) {
    const client = await RawClient.open(await clientUrl(node, HUB, { userId, ...options }), JSON_V1);
    open.push(client);
    const connected = await client.nextJson();
    return { client, connectionId: connected.connectionId as string };
  }

  it('sends to all, a group, a user and a connection on the other node, with filter and excluded', async () => {
    const far = await connect(two, 'far', { groups: ['g'] });
    const farToo = await connect(two, 'far');
    const near = await connect(one, 'near', { groups: ['g'] });

    await service.sendToAll('all', { contentType: 'text/plain' });
    for (const { client } of [far, farToo, near]) expect(await client.nextJson()).toMatchObject({ from: 'server', data: 'all' });

    await service.sendToAll('filtered', { contentType: 'text/plain', filter: "userId eq 'far'", excludedConnections: [farToo.connectionId] } as any);
    expect(await far.client.nextJson()).toMatchObject({ data: 'filtered' });

    await service.group('g').sendToAll({ to: 'group' }, { excludedConnections: [near.connectionId] } as any);
    expect(await far.client.nextJson()).toMatchObject({ type: 'message', from: 'group', group: 'g', dataType: 'json', data: { to: 'group' } });

    await service.sendToUser('far', 'user', { contentType: 'text/plain' });
    expect(await far.client.nextJson()).toMatchObject({ data: 'user' });
    expect(await farToo.client.nextJson()).toMatchObject({ data: 'user' });

    await service.sendToConnection(farToo.connectionId, new Uint8Array([9, 8]).buffer);
    expect(await farToo.client.nextJson()).toMatchObject({ dataType: 'binary', data: 'CQg=' });

    for (const { client } of [far, farToo, near]) await client.expectSilence();
  });

  it('answers exists and lists group members held by either node', async () => {
    const far = await connect(two, 'exists-far', { groups: ['listed'] });
    const near = await connect(one, 'exists-near', { groups: ['listed'] });
    expect(await service.connectionExists(far.connectionId)).toBe(true);
    expect(await service.userExists('exists-far')).toBe(true);
    expect(await service.groupExists('listed')).toBe(true);
    expect(await service.connectionExists('nobody')).toBe(false);
    expect(await service.userExists('nobody')).toBe(false);
    expect(await service.groupExists('nothing')).toBe(false);

    const members: string[] = [];
    for await (const member of await service.group('listed').listConnections({ maxPageSize: 1 })) members.push(member.connectionId);
    expect(members.sort()).toEqual([far.connectionId, near.connectionId].sort());
  });

  it('adds and removes connections and users in groups on the other node, now and for later connections', async () => {
    const far = await connect(two, 'member');
    await service.group('added').addConnection(far.connectionId);
    await service.group('added').sendToAll('in added', { contentType: 'text/plain' });
    expect(await far.client.nextJson()).toMatchObject({ data: 'in added' });
    await expect(service.group('added').addConnection('nobody')).rejects.toMatchObject({ statusCode: 404 });

    await service.group('added').removeConnection(far.connectionId);
    expect(await service.groupExists('added')).toBe(false);

    await service.group('users').addUser('member');
    const later = await connect(one, 'member');
    await service.group('users').sendToAll('to users', { contentType: 'text/plain' });
    expect(await far.client.nextJson()).toMatchObject({ data: 'to users' });
    expect(await later.client.nextJson()).toMatchObject({ data: 'to users' });

    await service.group('users').removeUser('member');
    expect(await service.groupExists('users')).toBe(false);

    await service.group('x').addConnection(far.connectionId);
    await service.group('y').addUser('member');
    await service.removeUserFromAllGroups('member');
    expect(await service.groupExists('x')).toBe(false);
    expect(await service.groupExists('y')).toBe(false);

    await service.group('z').addConnection(far.connectionId);
    await service.removeConnectionFromAllGroups(far.connectionId);
    expect(await service.groupExists('z')).toBe(false);
  });

  it('adds and removes connections matching a filter on every node', async () => {
    const far = await connect(two, 'filter-far');
    const near = await connect(one, 'filter-near');
    const other = await connect(two, 'filter-other');
    await service.addConnectionsToGroups(['picked'], "startswith(userId, 'filter-') and userId ne 'filter-other'");
    const members: string[] = [];
    for await (const member of await service.group('picked').listConnections()) members.push(member.connectionId);
    expect(members.sort()).toEqual([far.connectionId, near.connectionId].sort());
    await service.removeConnectionsFromGroups(['picked'], "userId eq 'filter-far'");
    await service.group('picked').sendToAll('picked', { contentType: 'text/plain' });
    expect(await near.client.nextJson()).toMatchObject({ data: 'picked' });
    await far.client.expectSilence();
    await other.client.expectSilence();
  });

  it('grants, checks and revokes permissions of a connection on the other node', async () => {
    const far = await connect(two, 'perm');
    expect(await service.hasPermission(far.connectionId, 'joinLeaveGroup', { targetName: 'room' })).toBe(false);
    await service.grantPermission(far.connectionId, 'joinLeaveGroup', { targetName: 'room' });
    expect(await service.hasPermission(far.connectionId, 'joinLeaveGroup', { targetName: 'room' })).toBe(true);

    far.client.send({ type: 'joinGroup', group: 'room', ackId: 1 });
    expect(await far.client.nextJson()).toEqual({ type: 'ack', ackId: 1, success: true });

    await service.revokePermission(far.connectionId, 'joinLeaveGroup', { targetName: 'room' });
    expect(await service.hasPermission(far.connectionId, 'joinLeaveGroup', { targetName: 'room' })).toBe(false);
    far.client.send({ type: 'leaveGroup', group: 'room', ackId: 2 });
    expect(await far.client.nextJson()).toMatchObject({ type: 'ack', ackId: 2, success: false, error: { name: 'Forbidden' } });
    await expect(service.grantPermission('nobody', 'sendToGroup')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('closes a connection, a user, a group and the hub across nodes, with the reason', async () => {
    const single = await connect(two, 'close-one');
    await service.closeConnection(single.connectionId, { reason: 'bye one' });
    expect(await single.client.nextJson()).toEqual({ type: 'system', event: 'disconnected', message: 'bye one' });
    expect((await single.client.closed).code).toBe(1008);

    const userFar = await connect(two, 'close-user');
    const userNear = await connect(one, 'close-user');
    await service.closeUserConnections('close-user', { reason: 'bye user' });
    for (const { client } of [userFar, userNear]) expect(await client.nextJson()).toMatchObject({ event: 'disconnected', message: 'bye user' });

    const groupFar = await connect(two, 'close-group', { groups: ['doomed'] });
    const spared = await connect(two, 'close-group-spared', { groups: ['doomed'] });
    await service.group('doomed').closeAllConnections({ reason: 'bye group', excluded: [spared.connectionId] } as any);
    expect(await groupFar.client.nextJson()).toMatchObject({ message: 'bye group' });
    await spared.client.expectSilence();

    const a = await connect(one, 'close-all');
    const b = await connect(two, 'close-all');
    await service.closeAllConnections({ reason: 'bye all' });
    for (const { client } of [a, b, spared]) expect(await client.nextJson()).toMatchObject({ message: 'bye all' });
    expect(await service.userExists('close-all')).toBe(false);
  });
});
