import { userEventResponseToSend } from '../mqtt/user-events';
import type { HandlerCallResult } from './handler-response';
import { mqttUserEventAnswer } from './mqtt-user-event-response';

const answer = (status: number, body: string, headers: Array<[string, string]>): HandlerCallResult => ({
  kind: 'response',
  status,
  headers,
  body: new TextEncoder().encode(body),
});

describe('MQTT user event answer', () => {
  it('passes status, content type, body and headers to the MQTT mapping', () => {
    const result = answer(200, 'ok', [
      ['content-type', 'text/plain; charset=utf-8'],
      ['mqtt-region', 'eu'],
    ]);
    const { response, connectionState } = mqttUserEventAnswer(result);
    expect(response).toMatchObject({ status: 200, contentType: 'text/plain; charset=utf-8', body: new TextEncoder().encode('ok') });
    expect(connectionState).toEqual({ kind: 'unchanged' });
    const send = userEventResponseToSend('chat', 'device17', { event: 'telemetry', qos: 1 }, response);
    expect(send.mqtt).toMatchObject({
      outcome: 'succeeded',
      properties: { userProperties: [{ name: 'azure-status-code', value: '200' }, { name: 'region', value: 'eu' }] },
    });
  });

  it('updates the connection state whatever the status: the connection stays open', () => {
    expect(mqttUserEventAnswer(answer(409, '', [['ce-connectionState', 's2']])).connectionState).toEqual({ kind: 'set', value: 's2' });
  });

  it('answers a timeout or an unreachable handler as a 500 without body', () => {
    for (const result of [{ kind: 'timeout' }, { kind: 'networkError', message: 'ECONNREFUSED' }] as HandlerCallResult[]) {
      expect(mqttUserEventAnswer(result)).toEqual({
        response: { status: 500, body: new Uint8Array(0), headers: [] },
        connectionState: { kind: 'unchanged' },
      });
    }
  });

  it('answers as a 500 when the handler sets the state twice', () => {
    const result = answer(200, 'ok', [
      ['ce-connectionState', 'a'],
      ['ce-connectionState', 'b'],
    ]);
    expect(mqttUserEventAnswer(result).response.status).toBe(500);
  });
});
