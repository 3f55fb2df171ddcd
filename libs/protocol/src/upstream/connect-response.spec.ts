import { parseConnectResponse } from './connect-response';

const native = { mqtt: false };
const mqtt = { mqtt: true };
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('connect response', () => {
  it('reads userId, groups, roles and subprotocol', () => {
    const body = '{ "userId": "alice", "groups": ["lobby"], "roles": ["webpubsub.sendToGroup.lobby"], "subprotocol": "json.webpubsub.azure.v1" }';
    expect(parseConnectResponse(bytes(body), native)).toEqual({
      ok: true,
      value: { userId: 'alice', groups: ['lobby'], roles: ['webpubsub.sendToGroup.lobby'], subprotocol: 'json.webpubsub.azure.v1' },
    });
  });

  it('accepts with nothing to change when the body is empty, blank, {} or null', () => {
    for (const body of ['', '  \n', '{}', 'null']) expect(parseConnectResponse(body, native)).toEqual({ ok: true, value: {} });
  });

  it('treats null fields as absent', () => {
    expect(parseConnectResponse('{"userId":null,"groups":null,"roles":null,"subprotocol":null}', native)).toEqual({ ok: true, value: {} });
  });

  it('accepts the subProtocol spelling of one Azure sample', () => {
    expect(parseConnectResponse('{"subProtocol":"json.webpubsub.azure.v1"}', native)).toEqual({
      ok: true,
      value: { subprotocol: 'json.webpubsub.azure.v1' },
    });
  });

  it('prefers subprotocol when both spellings are present', () => {
    expect(parseConnectResponse('{"subprotocol":"a","subProtocol":"b"}', native)).toEqual({ ok: true, value: { subprotocol: 'a' } });
  });

  it('never chooses an empty subprotocol', () => {
    expect(parseConnectResponse('{"subprotocol":""}', native)).toEqual({ ok: true, value: {} });
  });

  it('ignores an empty userId, which could not name a user', () => {
    expect(parseConnectResponse('{"userId":""}', native)).toEqual({ ok: true, value: {} });
  });

  it('ignores fields it does not know', () => {
    expect(parseConnectResponse('{"userId":"a","extra":{"x":1}}', native)).toEqual({ ok: true, value: { userId: 'a' } });
  });

  describe('names the bad field', () => {
    it.each([
      ['{"userId":42}', 'userId'],
      ['{"groups":"lobby"}', 'groups'],
      ['{"groups":["ok",""]}', 'groups[1]'],
      ['{"groups":["ok","   "]}', 'groups[1]'],
      [`{"groups":["${'g'.repeat(1025)}"]}`, 'groups[0]'],
      ['{"roles":["a",7]}', 'roles[1]'],
      ['{"roles":{}}', 'roles'],
      ['{"subprotocol":1}', 'subprotocol'],
      ['{"subProtocol":true}', 'subProtocol'],
    ])('%s → %s', (body, field) => {
      expect(parseConnectResponse(body, native)).toEqual({ ok: false, error: { field, message: expect.any(String) } });
    });

    it('(body) when it is not JSON, not a JSON object, or not UTF-8', () => {
      for (const body of ['{"userId":', '[1]', '"alice"', '42']) {
        expect(parseConnectResponse(body, native)).toMatchObject({ ok: false, error: { field: '(body)' } });
      }
      expect(parseConnectResponse(new Uint8Array([0x7b, 0xff, 0x7d]), native)).toMatchObject({ ok: false, error: { field: '(body)' } });
    });
  });

  describe('MQTT', () => {
    it('reads mqtt.userProperties for the CONNACK', () => {
      const body =
        '{ "userId": "device-17", "groups": ["t1"], "roles": ["webpubsub.joinLeaveGroup", "webpubsub.sendToGroup"], "subprotocol": "mqtt", "mqtt": { "userProperties": [ { "name": "region", "value": "eu" } ] } }';
      expect(parseConnectResponse(body, mqtt)).toEqual({
        ok: true,
        value: {
          userId: 'device-17',
          groups: ['t1'],
          roles: ['webpubsub.joinLeaveGroup', 'webpubsub.sendToGroup'],
          subprotocol: 'mqtt',
          mqtt: { userProperties: [{ name: 'region', value: 'eu' }] },
        },
      });
    });

    it.each([
      ['{"mqtt":[]}', 'mqtt'],
      ['{"mqtt":{"userProperties":{}}}', 'mqtt.userProperties'],
      ['{"mqtt":{"userProperties":[null]}}', 'mqtt.userProperties[0]'],
      ['{"mqtt":{"userProperties":[{"name":1,"value":"v"}]}}', 'mqtt.userProperties[0].name'],
      ['{"mqtt":{"userProperties":[{"name":"n","value":"v"},{"name":"n"}]}}', 'mqtt.userProperties[1].value'],
    ])('names the bad field %s → %s', (body, field) => {
      expect(parseConnectResponse(body, mqtt)).toMatchObject({ ok: false, error: { field } });
    });

    it('ignores the mqtt member for native connections', () => {
      expect(parseConnectResponse('{"mqtt":"whatever"}', native)).toEqual({ ok: true, value: {} });
    });
  });
});
