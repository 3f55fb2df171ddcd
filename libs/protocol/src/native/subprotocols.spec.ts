import {
  JSON_RELIABLE_SUBPROTOCOL,
  JSON_SUBPROTOCOL,
  PROTOBUF_RELIABLE_SUBPROTOCOL,
  PROTOBUF_SUBPROTOCOL,
  chooseSubprotocol,
  isReliableProtocol,
} from './subprotocols';

describe('subprotocol selection', () => {
  it('makes a simple client with no header when nothing is offered', () => {
    expect(chooseSubprotocol([])).toEqual({ ok: true, protocol: 'simple' });
  });

  it('selects json.webpubsub.azure.v1', () => {
    expect(chooseSubprotocol([JSON_SUBPROTOCOL])).toEqual({ ok: true, protocol: 'json', subprotocol: JSON_SUBPROTOCOL });
  });

  it('selects json.reliable.webpubsub.azure.v1, the SDK default', () => {
    expect(chooseSubprotocol([JSON_RELIABLE_SUBPROTOCOL])).toEqual({
      ok: true,
      protocol: 'jsonReliable',
      subprotocol: JSON_RELIABLE_SUBPROTOCOL,
    });
  });

  it('selects the first predefined name the client offered', () => {
    const choice = chooseSubprotocol(['custom', JSON_RELIABLE_SUBPROTOCOL, JSON_SUBPROTOCOL]);
    expect(choice).toEqual({ ok: true, protocol: 'jsonReliable', subprotocol: JSON_RELIABLE_SUBPROTOCOL });
  });

  it('echoes the first custom name and makes a simple client', () => {
    expect(chooseSubprotocol(['chat.v2', 'chat.v1'])).toEqual({ ok: true, protocol: 'simple', subprotocol: 'chat.v2' });
  });

  it('matches names exactly', () => {
    expect(chooseSubprotocol(['JSON.webpubsub.azure.v1'])).toEqual({
      ok: true,
      protocol: 'simple',
      subprotocol: 'JSON.webpubsub.azure.v1',
    });
  });

  it('ignores blank offers', () => {
    expect(chooseSubprotocol(['', ' '])).toEqual({ ok: true, protocol: 'simple' });
    expect(chooseSubprotocol([` ${JSON_SUBPROTOCOL} `])).toEqual({ ok: true, protocol: 'json', subprotocol: JSON_SUBPROTOCOL });
  });

  describe('protobuf protocols (client-protocols-2026 §6)', () => {
    it('serves the first predefined name offered, protobuf included', () => {
      expect(chooseSubprotocol([PROTOBUF_RELIABLE_SUBPROTOCOL, PROTOBUF_SUBPROTOCOL])).toEqual({ ok: true, protocol: 'protobufReliable', subprotocol: PROTOBUF_RELIABLE_SUBPROTOCOL });
      expect(chooseSubprotocol([PROTOBUF_SUBPROTOCOL, JSON_SUBPROTOCOL])).toMatchObject({ ok: true, protocol: 'protobuf' });
      expect(chooseSubprotocol([JSON_SUBPROTOCOL, PROTOBUF_SUBPROTOCOL])).toMatchObject({ ok: true, protocol: 'json' });
    });

    it('never echoes a protobuf name as a custom one', () => {
      expect(chooseSubprotocol(['custom', PROTOBUF_SUBPROTOCOL])).toMatchObject({ ok: true, protocol: 'protobuf' });
    });
  });

  describe("the connect handler's choice", () => {
    it('wins over the offer order', () => {
      const choice = chooseSubprotocol([JSON_RELIABLE_SUBPROTOCOL, JSON_SUBPROTOCOL], JSON_SUBPROTOCOL);
      expect(choice).toEqual({ ok: true, protocol: 'json', subprotocol: JSON_SUBPROTOCOL });
    });

    it('may pick a custom name', () => {
      expect(chooseSubprotocol([JSON_SUBPROTOCOL, 'custom'], 'custom')).toEqual({
        ok: true,
        protocol: 'simple',
        subprotocol: 'custom',
      });
    });

    it('must be one the client offered', () => {
      expect(chooseSubprotocol([JSON_SUBPROTOCOL], JSON_RELIABLE_SUBPROTOCOL)).toMatchObject({
        ok: false,
        reason: 'notOffered',
      });
    });

    it('may pick a protobuf protocol', () => {
      expect(chooseSubprotocol([JSON_SUBPROTOCOL, PROTOBUF_SUBPROTOCOL], PROTOBUF_SUBPROTOCOL)).toMatchObject({ ok: true, protocol: 'protobuf' });
    });

    it.each([null, undefined, ''])('falls back to the usual rules when it is %j', (choice) => {
      expect(chooseSubprotocol([JSON_SUBPROTOCOL], choice)).toMatchObject({ ok: true, protocol: 'json' });
    });
  });

  it('tells the reliable protocol apart', () => {
    expect(isReliableProtocol('jsonReliable')).toBe(true);
    expect(isReliableProtocol('json')).toBe(false);
    expect(isReliableProtocol('simple')).toBe(false);
  });
});
