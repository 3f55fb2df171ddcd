import { WebPubSubClient, WebPubSubJsonProtocol, type OnGroupDataMessageArgs } from '@azure/web-pubsub-client';
import { clientUrl } from '../harness/clients';
import { TestServer } from '../harness/server';
import { until } from '../harness/until';

/** Collects the group messages one SDK client receives. */
function inbox(client: WebPubSubClient): OnGroupDataMessageArgs['message'][] {
  const messages: OnGroupDataMessageArgs['message'][] = [];
  client.on('group-message', (event) => messages.push(event.message));
  return messages;
}


describe('@azure/web-pubsub-client against the native endpoint', () => {
  let server: TestServer;
  const started: WebPubSubClient[] = [];

  beforeAll(async () => {
    server = await TestServer.start();
  });

  afterEach(() => {
    for (const client of started.splice(0)) client.stop();
  });

  afterAll(() => server?.stop());

  async function connect(userId: string, roles: string[] = [], options: { json?: boolean; groups?: string[] } = {}) {
    const url = await clientUrl(server, 'chat', { userId, roles, groups: options.groups });
    // The SDK retries a refused request 3 times a second apart; refusals are what these tests check.
    const client = new WebPubSubClient(url, {
      ...(options.json ? { protocol: WebPubSubJsonProtocol() } : {}),
      messageRetryOptions: { maxRetries: 0 },
      // SDK 1.1.0 leaves its keep-alive timers running after stop(), holding jest open.
      keepAliveIntervalInMs: 0,
      keepAliveTimeoutInMs: 0,
    });
    const connected = new Promise<{ connectionId: string; userId?: string }>((resolve) => client.on('connected', resolve));
    started.push(client);
    await client.start();
    return { client, connected: await connected, messages: inbox(client) };
  }

  it.each([
    ['json.reliable.webpubsub.azure.v1 (the default)', false],
    ['json.webpubsub.azure.v1', true],
  ])('connects over %s and is told its connectionId and userId', async (_, json) => {
    const { connected } = await connect('alice', [], { json });
    expect(connected.userId).toBe('alice');
    expect(connected.connectionId).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  });

  it('joins a group, receives what is sent to it, and stops after leaving', async () => {
    const alice = await connect('alice', ['webpubsub.joinLeaveGroup', 'webpubsub.sendToGroup']);
    const bob = await connect('bob', ['webpubsub.joinLeaveGroup']);
    await bob.client.joinGroup('room');
    await alice.client.sendToGroup('room', { hello: 'world' }, 'json');
    await alice.client.sendToGroup('room', 'plain text', 'text');
    await alice.client.sendToGroup('room', new Uint8Array([1, 2, 3]).buffer, 'binary');
    await until(() => bob.messages.length === 3);
    expect(bob.messages.map(({ group, fromUserId, dataType }) => ({ group, fromUserId, dataType }))).toEqual([
      { group: 'room', fromUserId: 'alice', dataType: 'json' },
      { group: 'room', fromUserId: 'alice', dataType: 'text' },
      { group: 'room', fromUserId: 'alice', dataType: 'binary' },
    ]);
    expect(bob.messages[0].data).toEqual({ hello: 'world' });
    expect(bob.messages[1].data).toBe('plain text');
    expect([...new Uint8Array(bob.messages[2].data as ArrayBuffer)]).toEqual([1, 2, 3]);

    await bob.client.leaveGroup('room');
    await alice.client.sendToGroup('room', 'after leaving', 'text');
    await alice.client.sendToGroup('marker', 'x', 'text');
    await new Promise((r) => setTimeout(r, 200));
    expect(bob.messages).toHaveLength(3);
  });

  it('echoes to a sender in the group unless noEcho is set', async () => {
    const alice = await connect('alice', ['webpubsub.joinLeaveGroup', 'webpubsub.sendToGroup']);
    await alice.client.joinGroup('echo');
    await alice.client.sendToGroup('echo', 'with echo', 'text');
    await alice.client.sendToGroup('echo', 'without echo', 'text', { noEcho: true });
    await alice.client.sendToGroup('echo', 'with echo again', 'text');
    await until(() => alice.messages.length === 2);
    await new Promise((r) => setTimeout(r, 150));
    expect(alice.messages.map((message) => message.data)).toEqual(['with echo', 'with echo again']);
  });

  it('joins the groups of its token at connect', async () => {
    const sender = await connect('sender', ['webpubsub.sendToGroup']);
    const member = await connect('member', [], { groups: ['news'] });
    await sender.client.sendToGroup('news', 'headline', 'text');
    await until(() => member.messages.length === 1);
    expect(member.messages[0].data).toBe('headline');
  });

  it('refuses join and send without a role, with the SDK surfacing Forbidden', async () => {
    const nobody = await connect('nobody');
    await expect(nobody.client.joinGroup('room')).rejects.toMatchObject({ errorDetail: { name: 'Forbidden' } });
    await expect(nobody.client.sendToGroup('room', 'x', 'text')).rejects.toMatchObject({ errorDetail: { name: 'Forbidden' } });
    await expect(nobody.client.leaveGroup('room')).rejects.toMatchObject({ errorDetail: { name: 'Forbidden' } });
  });

  it('grants per-group roles for that group only', async () => {
    const scoped = await connect('scoped', ['webpubsub.joinLeaveGroup.lobby', 'webpubsub.sendToGroup.lobby']);
    await scoped.client.joinGroup('lobby');
    await scoped.client.sendToGroup('lobby', 'hi', 'text');
    await expect(scoped.client.joinGroup('lobby2')).rejects.toMatchObject({ errorDetail: { name: 'Forbidden' } });
    await expect(scoped.client.sendToGroup('other', 'x', 'text')).rejects.toMatchObject({ errorDetail: { name: 'Forbidden' } });
    await until(() => scoped.messages.length === 1);
  });

  it('grants wildcard roles for the groups their pattern matches', async () => {
    const patterned = await connect('patterned', ['webpubsub.joinLeaveGroups.chat-*', 'webpubsub.sendToGroups.team.**']);
    await patterned.client.joinGroup('chat-1');
    await expect(patterned.client.joinGroup('chat.1')).rejects.toMatchObject({ errorDetail: { name: 'Forbidden' } });
    await patterned.client.sendToGroup('team.a.b', 'deep', 'text');
    await expect(patterned.client.sendToGroup('teams', 'x', 'text')).rejects.toMatchObject({ errorDetail: { name: 'Forbidden' } });
  });

  it('answers a user event with no event handler with an error ack', async () => {
    const alice = await connect('alice');
    await expect(alice.client.sendEvent('chat', 'hello', 'text')).rejects.toMatchObject({ errorDetail: { name: 'NotFound' } });
  });
});
