import { disconnectedEventMqtt } from '../mqtt/upstream-connect';
import { disconnectedEventBody } from './disconnected-event';

describe('disconnected event', () => {
  it('carries the reason', () => {
    expect(JSON.stringify(disconnectedEventBody('Connection closed by REST API: bye now'))).toBe(
      '{"reason":"Connection closed by REST API: bye now"}',
    );
  });

  it('sends a null or empty reason for a normal close as given', () => {
    expect(JSON.stringify(disconnectedEventBody(null))).toBe('{"reason":null}');
    expect(JSON.stringify(disconnectedEventBody(''))).toBe('{"reason":""}');
  });

  it('matches the MQTT example of the spec after a client DISCONNECT', () => {
    const mqtt = disconnectedEventMqtt(5, { sentBy: 'client', code: 0, userProperties: [{ name: 'n', value: 'v' }] });
    expect(JSON.stringify(disconnectedEventBody(null, mqtt))).toBe(
      '{"reason":null,"mqtt":{"initiatedByClient":true,"disconnectPacket":{"code":0,"userProperties":[{"name":"n","value":"v"}]}}}',
    );
  });
});
