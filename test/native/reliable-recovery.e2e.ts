import { WebPubSubClient } from '@azure/web-pubsub-client';
import { clientUrl, RawClient } from '../harness/clients';
import { TestServer } from '../harness/server';
import { until } from '../harness/until';


/** Cuts the TCP connection under the SDK's WebSocket: no close frame, as a network loss would. */
function cutNetwork(client: WebPubSubClient): void {
  (client as any)._wsClient._socket._socket.destroy();
}

describe('json.reliable.webpubsub.azure.v1 recovery', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start({ env: { RELIABLE_RECOVERY_SECONDS: '5' } });
  });

  afterAll(() => server?.stop());

  it('recovers to the same connection and gets what was sent while away, once each', async () => {
    // SDK 1.1.0 leaves its keep-alive timers running after stop(), holding jest open.
    const quiet = { keepAliveIntervalInMs: 0, keepAliveTimeoutInMs: 0 };
    const receiver = new WebPubSubClient(await clientUrl(server, 'chat', { userId: 'receiver', roles: ['webpubsub.joinLeaveGroup'] }), quiet);
    const sender = new WebPubSubClient(await clientUrl(server, 'chat', { userId: 'sender', roles: ['webpubsub.sendToGroup'] }), quiet);
    const connectionIds: string[] = [];
    const received: string[] = [];
    let disconnects = 0;
    receiver.on('connected', (event) => connectionIds.push(event.connectionId));
    receiver.on('disconnected', () => disconnects++);
    receiver.on('group-message', (event) => received.push(event.message.data as string));
    try {
      await receiver.start();
      await sender.start();
      await receiver.joinGroup('feed');
      for (let i = 1; i <= 5; i++) await sender.sendToGroup('feed', `before-${i}`, 'text');
      await until(() => received.length === 5);

      cutNetwork(receiver);
      for (let i = 1; i <= 20; i++) await sender.sendToGroup('feed', `away-${i}`, 'text');
      for (let i = 1; i <= 5; i++) await sender.sendToGroup('feed', `after-${i}`, 'text');

      await until(() => received.length === 30);
      await new Promise((r) => setTimeout(r, 300));
      const expected = [
        ...Array.from({ length: 5 }, (_, i) => `before-${i + 1}`),
        ...Array.from({ length: 20 }, (_, i) => `away-${i + 1}`),
        ...Array.from({ length: 5 }, (_, i) => `after-${i + 1}`),
      ];
      expect(received).toEqual(expected);
      // Recovery keeps the session: no second connected event with another id, no disconnect.
      expect(new Set(connectionIds).size).toBe(1);
      expect(disconnects).toBe(0);

      // Still in its group and still able to act after recovery.
      await sender.sendToGroup('feed', 'live', 'text');
      await until(() => received.length === 31);
      await receiver.leaveGroup('feed');
    } finally {
      receiver.stop();
      sender.stop();
    }
  });

  describe('over a plain socket', () => {
    const protocol = 'json.reliable.webpubsub.azure.v1';

    async function reliableClient(userId: string) {
      const url = await clientUrl(server, 'chat', { userId, roles: ['webpubsub.joinLeaveGroup', 'webpubsub.sendToGroup'] });
      const client = await RawClient.open(url, protocol);
      const connected = await client.nextJson();
      return { url, client, connected };
    }

    function recoveryUrl(url: string, connectionId: string, token: string): string {
      return `${url}&awps_connection_id=${encodeURIComponent(connectionId)}&awps_reconnection_token=${encodeURIComponent(token)}`;
    }

    it('replays unacknowledged messages after a recovery, from the last sequenceAck on', async () => {
      const { url, client, connected } = await reliableClient('raw-reliable');
      expect(connected).toEqual({
        type: 'system',
        event: 'connected',
        userId: 'raw-reliable',
        connectionId: expect.any(String),
        reconnectionToken: expect.any(String),
      });
      client.send({ type: 'joinGroup', group: 'replay', ackId: 1 });
      expect(await client.nextJson()).toEqual({ type: 'ack', ackId: 1, success: true });
      for (let i = 1; i <= 3; i++) client.send({ type: 'sendToGroup', group: 'replay', dataType: 'text', data: `m${i}` });
      for (let i = 1; i <= 3; i++) expect(await client.nextJson()).toMatchObject({ data: `m${i}`, sequenceId: i });
      client.send({ type: 'sequenceAck', sequenceId: 2 });
      await new Promise((r) => setTimeout(r, 100));
      client.ws.terminate();
      await client.closed;

      const recovered = await RawClient.open(recoveryUrl(url, connected.connectionId, connected.reconnectionToken), protocol);
      expect(await recovered.nextJson()).toMatchObject({ type: 'system', event: 'connected', connectionId: connected.connectionId });
      expect(await recovered.nextJson()).toMatchObject({ data: 'm3', sequenceId: 3 });
      recovered.send({ type: 'sendToGroup', group: 'replay', dataType: 'text', data: 'm4' });
      expect(await recovered.nextJson()).toMatchObject({ data: 'm4', sequenceId: 4 });
      recovered.close();
    });

    it('refuses a wrong reconnection token inside the WebSocket with disconnected and 1008', async () => {
      const { url, client, connected } = await reliableClient('wrong-token');
      client.ws.terminate();
      const attempt = await RawClient.open(recoveryUrl(url, connected.connectionId, 'forged-token'), protocol);
      expect(await attempt.nextJson()).toMatchObject({ type: 'system', event: 'disconnected' });
      expect((await attempt.closed).code).toBe(1008);
    });

    it('ends the session after the recovery window: recovery is refused and its groups are left', async () => {
      const watcher = await reliableClient('watcher');
      const { url, client, connected } = await reliableClient('leaver');
      client.send({ type: 'joinGroup', group: 'window', ackId: 1 });
      expect(await client.nextJson()).toMatchObject({ type: 'ack', success: true });
      client.ws.terminate();
      await new Promise((r) => setTimeout(r, 6000));

      const attempt = await RawClient.open(recoveryUrl(url, connected.connectionId, connected.reconnectionToken), protocol);
      expect(await attempt.nextJson()).toMatchObject({ type: 'system', event: 'disconnected' });
      expect((await attempt.closed).code).toBe(1008);

      // The watcher, connected all along, still works; the group has no member left to echo to it.
      watcher.client.send({ type: 'sendToGroup', group: 'window', dataType: 'text', data: 'anyone?', ackId: 7 });
      expect(await watcher.client.nextJson()).toEqual({ type: 'ack', ackId: 7, success: true });
      watcher.client.close();
    });
  });
});
