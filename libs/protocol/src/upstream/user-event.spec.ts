import type { MessagePayload } from '../native/message-payload';
import { toJsonText, type JsonText } from '../native/json-text';
import type { HandlerCallResult } from './handler-response';
import { nativeUserEventOutcome as userEventOutcome, userEventRequestBody } from './user-event';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const answer = (status: number, body: Uint8Array | string = '', headers: Array<[string, string]> = []): HandlerCallResult => ({
  kind: 'response',
  status,
  headers,
  body: typeof body === 'string' ? utf8(body) : body,
});
const jsonText = (text: string): JsonText => toJsonText(text) as JsonText;

describe('user event request', () => {
  it('sends a text frame or dataType text as text/plain', () => {
    expect(userEventRequestBody({ dataType: 'text', data: 'Hello' })).toEqual({ contentType: 'text/plain', body: 'Hello' });
  });

  it('sends dataType json as application/json with the JSON text as written', () => {
    expect(userEventRequestBody({ dataType: 'json', data: jsonText('{"n": 12345678901234567890}') })).toEqual({
      contentType: 'application/json',
      body: '{"n": 12345678901234567890}',
    });
  });

  it('sends a binary frame or dataType binary as application/octet-stream bytes', () => {
    const data = new Uint8Array([1, 2, 3]);
    expect(userEventRequestBody({ dataType: 'binary', data })).toEqual({ contentType: 'application/octet-stream', body: data });
  });

  it('sends later-wave protobuf as application/octet-stream, a type the express SDK accepts', () => {
    expect(userEventRequestBody({ dataType: 'protobuf', data: new Uint8Array([8]) }).contentType).toBe('application/octet-stream');
  });

  it('never adds a charset', () => {
    for (const payload of [
      { dataType: 'text', data: 'a' },
      { dataType: 'json', data: jsonText('1') },
      { dataType: 'binary', data: new Uint8Array() },
    ] as MessagePayload[]) {
      expect(userEventRequestBody(payload).contentType).not.toContain('charset');
    }
  });
});

describe('user event response (native)', () => {
  it('sends nothing back for a 204 or an empty 200', () => {
    expect(userEventOutcome(answer(204))).toEqual({ kind: 'handled', connectionState: { kind: 'unchanged' } });
    expect(userEventOutcome(answer(200, '', [['content-type', 'text/plain']]))).toEqual({
      kind: 'handled',
      connectionState: { kind: 'unchanged' },
    });
  });

  it('sends JSON back as dataType json', () => {
    expect(userEventOutcome(answer(200, '{"a":1}', [['Content-Type', 'application/json; charset=utf-8']]))).toEqual({
      kind: 'handled',
      response: { dataType: 'json', data: '{"a":1}' },
      connectionState: { kind: 'unchanged' },
    });
  });

  it('sends text back as dataType text', () => {
    expect(userEventOutcome(answer(200, 'Hey', [['content-type', 'text/plain; charset=utf-8']]))).toMatchObject({
      response: { dataType: 'text', data: 'Hey' },
    });
  });

  it('sends application/octet-stream, any other type or none back as binary', () => {
    const body = new Uint8Array([0, 1, 255]);
    for (const headers of [[['content-type', 'application/octet-stream']], [['content-type', 'image/png']], []] as Array<Array<[string, string]>>) {
      expect(userEventOutcome(answer(200, body, headers))).toMatchObject({ response: { dataType: 'binary', data: body } });
    }
  });

  it('reads media types case-insensitively', () => {
    expect(userEventOutcome(answer(200, '[1]', [['content-type', 'Application/JSON']]))).toMatchObject({
      response: { dataType: 'json', data: '[1]' },
    });
  });

  it('sends a body that is not what its type claims as binary rather than losing it', () => {
    expect(userEventOutcome(answer(200, '{nope', [['content-type', 'application/json']]))).toMatchObject({
      response: { dataType: 'binary', data: utf8('{nope') },
    });
    expect(userEventOutcome(answer(200, new Uint8Array([0xff]), [['content-type', 'text/plain']]))).toMatchObject({
      response: { dataType: 'binary', data: new Uint8Array([0xff]) },
    });
  });

  it('updates the connection state from ce-connectionState', () => {
    expect(userEventOutcome(answer(200, '', [['ce-connectionstate', 'eyJiIjoyfQ==']]))).toEqual({
      kind: 'handled',
      connectionState: { kind: 'set', value: 'eyJiIjoyfQ==' },
    });
  });

  it('fails on any non-2xx, keeping the status and the express SDK’s detail', () => {
    expect(userEventOutcome(answer(400, 'bad input'))).toEqual({
      kind: 'failed',
      status: 400,
      message: 'got unexpected response with status code 400',
      detail: 'bad input',
    });
    expect(userEventOutcome(answer(500))).toEqual({ kind: 'failed', status: 500, message: 'got unexpected response with status code 500' });
  });

  it('fails as a 500 when the handler times out or cannot be reached', () => {
    expect(userEventOutcome({ kind: 'timeout' })).toMatchObject({ kind: 'failed', status: 500 });
    expect(userEventOutcome({ kind: 'networkError', message: 'ECONNRESET' })).toMatchObject({ kind: 'failed', status: 500 });
  });

  it('fails when the handler sets the state twice', () => {
    expect(userEventOutcome(answer(200, 'x', [['ce-connectionState', 'a'], ['ce-connectionState', 'b']]))).toMatchObject({
      kind: 'failed',
      status: 500,
    });
  });

  it('keeps long or multi-line error details short and on one line', () => {
    const outcome = userEventOutcome(answer(500, `line1\nline2${'x'.repeat(1000)}`));
    expect(outcome.kind === 'failed' && outcome.detail).toMatch(/^line1 line2x+…$/);
    expect(outcome.kind === 'failed' && outcome.detail?.length).toBe(257);
  });
});
