import {
  connackCodeForUpstreamMqttCode,
  connackCodeForUpstreamStatus,
  connectEventMqtt,
  disconnectedEventMqtt,
  readUserProperties,
  upstreamConnectRejection,
} from './upstream-connect';

describe('MQTT connect event (upstream-events.md §8.1)', () => {
  it('passes username, base64 password and user properties to the handler', () => {
    expect(
      connectEventMqtt({
        protocolVersion: 5,
        cleanStart: true,
        username: 'device-17',
        password: new TextEncoder().encode('secret'),
        userProperties: [{ name: 'fw', value: '1.2.3' }],
      }),
    ).toEqual({
      protocolVersion: 5,
      cleanStart: true,
      username: 'device-17',
      password: 'c2VjcmV0',
      userProperties: [{ name: 'fw', value: '1.2.3' }],
    });
  });

  it('sends null for what the CONNECT lacks, and no user properties for 3.1.1', () => {
    expect(connectEventMqtt({ protocolVersion: 4, cleanStart: false, userProperties: [] })).toEqual({
      protocolVersion: 4,
      cleanStart: false,
      username: null,
      password: null,
      userProperties: null,
    });
  });

  describe('a rejecting handler', () => {
    it.each([
      [400, 4, 0x86],
      [401, 5, 0x87],
      [403, 5, 0x87],
      [500, 3, 0x80],
      [502, 3, 0x80],
      [404, 3, 0x80],
    ])('maps HTTP %i to %i on 3.1.1 and 0x%s on 5.0', (status, v4, v5) => {
      expect(connackCodeForUpstreamStatus(status, 4)).toBe(v4);
      expect(connackCodeForUpstreamStatus(status, 5)).toBe(v5);
    });

    it('uses mqtt.code whatever the status, and its reason and user properties on 5.0', () => {
      const body = { mqtt: { code: 138, reason: 'banned by server', userProperties: [{ name: 'n', value: 'v' }] } };
      expect(upstreamConnectRejection(401, body, 5)).toEqual({
        code: 138,
        reasonString: 'banned by server',
        userProperties: [{ name: 'n', value: 'v' }],
      });
      expect(upstreamConnectRejection(500, { mqtt: { code: 4 } }, 4)).toEqual({ code: 4 });
    });

    it('replaces a code the version cannot carry with 0x80 / 3', () => {
      expect(connackCodeForUpstreamMqttCode(0x8e, 5)).toBe(0x80);
      expect(connackCodeForUpstreamMqttCode(0, 5)).toBe(0x80);
      expect(connackCodeForUpstreamMqttCode(135, 4)).toBe(3);
      expect(connackCodeForUpstreamMqttCode(5, 4)).toBe(5);
    });

    it('falls back to the status when the body has no mqtt code', () => {
      expect(upstreamConnectRejection(401, 'Unauthorized', 5)).toEqual({ code: 0x87 });
      expect(upstreamConnectRejection(400, { mqtt: { reason: 'bad' } }, 5)).toEqual({ code: 0x86, reasonString: 'bad' });
    });
  });

  it('reads the user properties of an accepting response, skipping malformed entries', () => {
    expect(readUserProperties([{ name: 'region', value: 'eu' }, { name: 1 }, 'x'])).toEqual([{ name: 'region', value: 'eu' }]);
    expect(readUserProperties(undefined)).toBeUndefined();
  });
});

describe('MQTT disconnected event (upstream-events.md §8.3)', () => {
  it('reports a client DISCONNECT with its code and user properties', () => {
    expect(disconnectedEventMqtt(5, { sentBy: 'client', code: 0, userProperties: [{ name: 'n', value: 'v' }] })).toEqual({
      initiatedByClient: true,
      disconnectPacket: { code: 0, userProperties: [{ name: 'n', value: 'v' }] },
    });
  });

  it('reports a server DISCONNECT without user properties', () => {
    expect(disconnectedEventMqtt(5, { sentBy: 'server', code: 0x8e })).toEqual({
      initiatedByClient: false,
      disconnectPacket: { code: 0x8e, userProperties: null },
    });
  });

  it('reports code 0 for 3.1.1 and null when the network dropped', () => {
    expect(disconnectedEventMqtt(4, { sentBy: 'client', code: 0 })).toEqual({ initiatedByClient: true, disconnectPacket: { code: 0, userProperties: null } });
    expect(disconnectedEventMqtt(5, undefined)).toEqual({ initiatedByClient: false, disconnectPacket: null });
  });
});
