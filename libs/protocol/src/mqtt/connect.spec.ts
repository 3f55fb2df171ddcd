import { checkConnect, connackProperties, type ConnectRequest } from './connect';

function connect(overrides: Partial<ConnectRequest> = {}): ConnectRequest {
  return { protocolLevel: 5, clientId: 'dev17', cleanStart: true, keepAlive: 60, ...overrides };
}

describe('CONNECT validation (mqtt.md §1)', () => {
  it('accepts a valid 5.0 CONNECT', () => {
    expect(checkConnect(connect())).toEqual({
      ok: true,
      version: 5,
      clientId: 'dev17',
      keepAlive: 60,
      keepAliveTimeoutMs: 90_000,
      sessionExpirySeconds: 0,
      negotiated: {},
    });
  });

  it('refuses level 3 (MQIsdp) with 3.1.1 return code 1', () => {
    expect(checkConnect(connect({ protocolLevel: 3 }))).toMatchObject({ ok: false, version: 4, failure: 'unsupportedProtocolVersion', code: 1 });
  });

  it('refuses a level above 5 with 0x84', () => {
    expect(checkConnect(connect({ protocolLevel: 6 }))).toMatchObject({ ok: false, version: 5, code: 0x84 });
  });

  it('refuses a client id with other characters: 2 on 3.1.1, 0x85 on 5.0', () => {
    expect(checkConnect(connect({ protocolLevel: 4, clientId: 'mqttjs_abc' }))).toMatchObject({ failure: 'clientIdentifierNotValid', code: 2 });
    expect(checkConnect(connect({ clientId: 'mqttjs_abc' }))).toMatchObject({ failure: 'clientIdentifierNotValid', code: 0x85 });
  });

  it('assigns a client id to an empty one on 5.0 and announces it in the CONNACK', () => {
    expect(checkConnect(connect({ clientId: '' }), {}, () => 'Given1')).toMatchObject({
      ok: true,
      clientId: 'Given1',
      negotiated: { assignedClientIdentifier: 'Given1' },
    });
  });

  it('refuses an empty client id on 3.1.1 with 2', () => {
    expect(checkConnect(connect({ protocolLevel: 4, clientId: '' }))).toMatchObject({ ok: false, code: 2 });
  });

  it('refuses a 3.1.1 keep alive outside 1–180 with 2', () => {
    expect(checkConnect(connect({ protocolLevel: 4, keepAlive: 0 }))).toMatchObject({ failure: 'keepAliveOutOfRange', code: 2 });
    expect(checkConnect(connect({ protocolLevel: 4, keepAlive: 181 }))).toMatchObject({ code: 2 });
    expect(checkConnect(connect({ keepAlive: 0 }))).toMatchObject({ ok: true, keepAliveTimeoutMs: undefined });
  });

  it('refuses enhanced authentication with 0x8C', () => {
    expect(checkConnect(connect({ properties: { authenticationMethod: 'SCRAM-SHA-1' } }))).toMatchObject({ code: 0x8c });
  });

  it('refuses an invalid will: topic 0x90, payload 0x95, retain 0x9A on 5.0; 2 on 3.1.1', () => {
    const will = { topic: 'status', payload: new Uint8Array(1), qos: 1 as const, retain: false };
    expect(checkConnect(connect({ will: { ...will, topic: '' } }))).toMatchObject({ code: 0x90 });
    expect(checkConnect(connect({ will: { ...will, payload: new Uint8Array(2001) } }))).toMatchObject({ code: 0x95 });
    expect(checkConnect(connect({ will: { ...will, retain: true } }))).toMatchObject({ code: 0x9a });
    expect(checkConnect(connect({ protocolLevel: 4, will: { ...will, topic: 'a/#' } }))).toMatchObject({ code: 2 });
  });

  it('accepts a 3.1.1 will retain flag and clears it', () => {
    const will = { topic: 'status', payload: new Uint8Array(1), qos: 1 as const, retain: true };
    expect(checkConnect(connect({ protocolLevel: 4, will }))).toMatchObject({ ok: true, will: { retain: false } });
  });

  it('shortens a long session expiry and says so', () => {
    expect(checkConnect(connect({ properties: { sessionExpiryInterval: 3600 } }), { maxSessionExpirySeconds: 60 })).toMatchObject({
      sessionExpirySeconds: 60,
      negotiated: { sessionExpiryInterval: 60 },
    });
  });

  it('keeps a 3.1.1 persistent session for the default 30 s', () => {
    expect(checkConnect(connect({ protocolLevel: 4, cleanStart: false }))).toMatchObject({ version: 4, sessionExpirySeconds: 30 });
  });
});

describe('CONNACK on success (mqtt.md §2)', () => {
  it('advertises what Switchboard does not support, and passes on the handler user properties', () => {
    expect(
      connackProperties(
        { assignedClientIdentifier: 'Given1' },
        { receiveMaximum: 100, maximumPacketSize: 1_048_576, userProperties: [{ name: 'region', value: 'eu' }] },
      ),
    ).toEqual({
      assignedClientIdentifier: 'Given1',
      receiveMaximum: 100,
      maximumPacketSize: 1_048_576,
      retainAvailable: false,
      wildcardSubscriptionAvailable: false,
      sharedSubscriptionAvailable: false,
      subscriptionIdentifiersAvailable: true,
      userProperties: [{ name: 'region', value: 'eu' }],
    });
  });

  it('omits Topic Alias Maximum and Maximum QoS', () => {
    const properties = connackProperties({});
    expect(properties).not.toHaveProperty('topicAliasMaximum');
    expect(properties).not.toHaveProperty('maximumQoS');
    expect(properties).not.toHaveProperty('userProperties');
  });
});
