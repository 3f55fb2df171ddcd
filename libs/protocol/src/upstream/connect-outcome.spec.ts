import { mqttConnectOutcome, nativeConnectOutcome } from './connect-outcome';
import type { HandlerCallResult } from './handler-response';
import { connackCodeForUpstreamStatus as connackCodeForStatus } from '../mqtt/upstream-connect';

const answer = (status: number, body = '', headers: Array<[string, string]> = []): HandlerCallResult => ({
  kind: 'response',
  status,
  headers,
  body: new TextEncoder().encode(body),
});
const json = (status: number, value: unknown, headers: Array<[string, string]> = []): HandlerCallResult =>
  answer(status, JSON.stringify(value), [['content-type', 'application/json; charset=utf-8'], ...headers]);

describe('connect outcome (native)', () => {
  it('accepts a 204 with nothing to change', () => {
    expect(nativeConnectOutcome(answer(204))).toEqual({ accept: true, response: {}, connectionState: { kind: 'unchanged' } });
  });

  it('accepts a 200 with an empty body, what the express SDK sends without handleConnect', () => {
    expect(nativeConnectOutcome(answer(200))).toEqual({ accept: true, response: {}, connectionState: { kind: 'unchanged' } });
  });

  it('accepts a 200 JSON body and takes its fields', () => {
    expect(nativeConnectOutcome(json(200, { userId: 'alice', groups: ['lobby'] }))).toEqual({
      accept: true,
      response: { userId: 'alice', groups: ['lobby'] },
      connectionState: { kind: 'unchanged' },
    });
  });

  it('takes the initial connection state from ce-connectionState', () => {
    expect(nativeConnectOutcome(answer(204, '', [['ce-connectionstate', 'eyJhIjoxfQ==']]))).toMatchObject({
      accept: true,
      connectionState: { kind: 'set', value: 'eyJhIjoxfQ==' },
    });
  });

  it.each([400, 401, 403, 404, 429])('returns a %i as is as the upgrade response status', (status) => {
    expect(nativeConnectOutcome(answer(status))).toEqual({
      accept: false,
      status,
      message: `got unexpected response with status code ${status}`,
    });
  });

  it('keeps the text the express SDK’s fail(code, detail) sends', () => {
    expect(nativeConnectOutcome(answer(401, 'token revoked'))).toMatchObject({ accept: false, status: 401, detail: 'token revoked' });
  });

  it.each([500, 502, 503, 302, 101])('rejects a %i with 500', (status) => {
    expect(nativeConnectOutcome(answer(status))).toMatchObject({ accept: false, status: 500 });
  });

  it('rejects with 500 when the handler times out or cannot be reached', () => {
    expect(nativeConnectOutcome({ kind: 'timeout' })).toMatchObject({ accept: false, status: 500 });
    expect(nativeConnectOutcome({ kind: 'networkError', message: 'ECONNREFUSED' })).toMatchObject({
      accept: false,
      status: 500,
      message: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('rejects with 500 a 2xx body it cannot use, naming the field', () => {
    expect(nativeConnectOutcome(json(200, { groups: [''] }))).toMatchObject({ accept: false, status: 500, invalidField: 'groups[0]' });
  });

  it('rejects with 500 a response that sets the state twice', () => {
    const result = answer(204, '', [
      ['ce-connectionState', 'a'],
      ['ce-connectionState', 'b'],
    ]);
    expect(nativeConnectOutcome(result)).toMatchObject({ accept: false, status: 500, invalidField: 'ce-connectionState' });
  });
});

describe('connect outcome (MQTT)', () => {
  it('accepts with userId, groups, roles and CONNACK user properties', () => {
    const body = { userId: 'device-17', groups: ['t1'], subprotocol: 'mqtt', mqtt: { userProperties: [{ name: 'region', value: 'eu' }] } };
    expect(mqttConnectOutcome(json(200, body), 5)).toEqual({
      accept: true,
      response: body,
      connectionState: { kind: 'unchanged' },
    });
  });

  it('accepts a 204, what the express SDK sends for MQTT without handleConnect', () => {
    expect(mqttConnectOutcome(answer(204), 4)).toMatchObject({ accept: true });
  });

  it('refuses a subprotocol other than mqtt', () => {
    expect(mqttConnectOutcome(json(200, { subprotocol: 'json.webpubsub.azure.v1' }), 5)).toMatchObject({
      accept: false,
      invalidField: 'subprotocol',
      connack: { code: 0x80 },
    });
  });

  it('puts mqtt.code, reason and user properties of a failure body into the CONNACK', () => {
    const body = { mqtt: { code: 138, reason: 'banned by server', userProperties: [{ name: 'n', value: 'v' }] } };
    expect(mqttConnectOutcome(json(403, body), 5)).toEqual({
      accept: false,
      status: 403,
      message: 'got unexpected response with status code 403',
      detail: 'banned by server',
      connack: { code: 138, reasonString: 'banned by server', userProperties: [{ name: 'n', value: 'v' }] },
    });
  });

  it('keeps the reason for logs even when a v3.1.1 CONNACK cannot carry it', () => {
    const outcome = mqttConnectOutcome(json(401, { mqtt: { code: 5, reason: 'expired' } }), 4);
    expect(outcome).toMatchObject({ accept: false, detail: 'expired', connack: { code: 5 } });
    expect(outcome.accept === false && outcome.connack).not.toHaveProperty('reasonString');
  });

  it('honours mqtt.code whatever status it arrives with', () => {
    expect(mqttConnectOutcome(json(500, { mqtt: { code: 0x87 } }), 5)).toMatchObject({ connack: { code: 0x87 } });
    expect(mqttConnectOutcome(json(400, { mqtt: { code: 5 } }), 4)).toMatchObject({ connack: { code: 5 } });
  });

  it('replaces a code invalid for the client’s version: v5 0x80, v3.1.1 3', () => {
    expect(mqttConnectOutcome(json(403, { mqtt: { code: 5 } }), 5)).toMatchObject({ connack: { code: 0x80 } });
    expect(mqttConnectOutcome(json(403, { mqtt: { code: 138 } }), 4)).toMatchObject({ connack: { code: 3 } });
    expect(mqttConnectOutcome(json(403, { mqtt: { code: 0 } }), 5)).toMatchObject({ connack: { code: 0x80 } });
  });

  describe('maps the status when the failure has no mqtt body (§8.1 table)', () => {
    it.each([
      [400, 4, 0x86],
      [401, 5, 0x87],
      [403, 5, 0x87],
      [404, 3, 0x80],
      [500, 3, 0x80],
      [503, 3, 0x80],
    ])('%i → v3.1.1 %i, v5 %i', (status, v311, v5) => {
      expect(mqttConnectOutcome(answer(status, 'denied'), 4)).toMatchObject({ accept: false, status, connack: { code: v311 } });
      expect(mqttConnectOutcome(answer(status, 'denied'), 5)).toMatchObject({ accept: false, status, connack: { code: v5 } });
    });

    it('timeout → v3.1.1 3, v5 0x80', () => {
      expect(mqttConnectOutcome({ kind: 'timeout' }, 4)).toMatchObject({ accept: false, status: 500, connack: { code: 3 } });
      expect(mqttConnectOutcome({ kind: 'timeout' }, 5)).toMatchObject({ accept: false, status: 500, connack: { code: 0x80 } });
    });
  });

  it('uses the status mapping when the mqtt body has no code, keeping its reason', () => {
    expect(mqttConnectOutcome(json(401, { mqtt: { reason: 'who are you' } }), 5)).toMatchObject({
      connack: { code: 0x87, reasonString: 'who are you' },
    });
  });

  it('agrees with the express SDK’s fail(code, detail), which writes status and mqtt body together', () => {
    // fail(400) → 400 {"mqtt":{"code":4}} (v3.1.1); fail(401, "Auth failed") → 401 {"mqtt":{"code":135,"reason":"Auth failed"}} (v5)
    expect(mqttConnectOutcome(answer(400, '{"mqtt":{"code":4}}'), 4)).toMatchObject({ connack: { code: connackCodeForStatus(400, 4) } });
    expect(mqttConnectOutcome(answer(401, '{"mqtt":{"code":135,"reason":"Auth failed"}}'), 5)).toMatchObject({
      connack: { code: connackCodeForStatus(401, 5), reasonString: 'Auth failed' },
    });
    expect(mqttConnectOutcome(answer(500, '{"mqtt":{"code":3}}'), 4)).toMatchObject({ connack: { code: connackCodeForStatus(500, 4) } });
  });
});
