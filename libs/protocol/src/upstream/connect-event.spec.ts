import { connectEventMqtt } from '../mqtt/upstream-connect';
import { connectEventBody, connectEventClaims, groupQuery, groupRawHeaders, type ConnectEventInput } from './connect-event';

const nativeInput: ConnectEventInput = {
  claims: {
    sub: 'alice',
    role: ['webpubsub.joinLeaveGroup'],
    aud: 'https://host/client/hubs/chat',
    iat: 1795552354,
    exp: 1795555954,
    tenant: 'acme',
  },
  query: { access_token: ['eyJ...'], room: ['lobby'] },
  headers: { Connection: ['Upgrade'], Upgrade: ['websocket'], 'Sec-WebSocket-Protocol': ['json.webpubsub.azure.v1'] },
  subprotocols: ['json.webpubsub.azure.v1'],
  clientCertificates: [{ thumbprint: '3ce9b08a', content: '-----BEGIN CERTIFICATE-----\r\n...\r\n-----END CERTIFICATE-----' }],
};

describe('connect event body', () => {
  it('matches the native example of the spec', () => {
    expect(connectEventBody(nativeInput)).toEqual({
      claims: {
        sub: ['alice'],
        role: ['webpubsub.joinLeaveGroup'],
        aud: ['https://host/client/hubs/chat'],
        iat: ['1795552354'],
        exp: ['1795555954'],
        tenant: ['acme'],
      },
      query: { access_token: ['eyJ...'], room: ['lobby'] },
      headers: { Connection: ['Upgrade'], Upgrade: ['websocket'], 'Sec-WebSocket-Protocol': ['json.webpubsub.azure.v1'] },
      subprotocols: ['json.webpubsub.azure.v1'],
      clientCertificates: [{ thumbprint: '3ce9b08a', content: '-----BEGIN CERTIFICATE-----\r\n...\r\n-----END CERTIFICATE-----' }],
    });
  });

  it('sends empty arrays when nothing was offered and no certificate was presented', () => {
    const body = connectEventBody({ claims: {}, query: {}, headers: {}, subprotocols: [] });
    expect(JSON.stringify(body)).toBe('{"claims":{},"query":{},"headers":{},"subprotocols":[],"clientCertificates":[]}');
  });

  it('adds the mqtt object of MQTT connections, first as in Azure’s sample', () => {
    const body = connectEventBody(
      { claims: { sub: 'device-17' }, query: { access_token: ['eyJ...'] }, headers: { 'Sec-WebSocket-Protocol': ['mqtt'] }, subprotocols: ['mqtt'] },
      connectEventMqtt({
        protocolVersion: 5,
        cleanStart: true,
        username: 'device-17',
        password: new TextEncoder().encode('secret'),
        userProperties: [{ name: 'fw', value: '1.2.3' }],
      }),
    );
    expect(body).toEqual({
      mqtt: {
        protocolVersion: 5,
        cleanStart: true,
        username: 'device-17',
        password: 'c2VjcmV0',
        userProperties: [{ name: 'fw', value: '1.2.3' }],
      },
      claims: { sub: ['device-17'] },
      query: { access_token: ['eyJ...'] },
      headers: { 'Sec-WebSocket-Protocol': ['mqtt'] },
      subprotocols: ['mqtt'],
      clientCertificates: [],
    });
    expect(Object.keys(body)[0]).toBe('mqtt');
  });

  it('does not let later changes to the inputs leak into the body', () => {
    const query = { room: ['lobby'] };
    const body = connectEventBody({ ...nativeInput, query });
    query.room.push('other');
    expect(body.query.room).toEqual(['lobby']);
  });

  describe('claims', () => {
    it('renders every claim as an array of strings', () => {
      expect(
        connectEventClaims({
          sub: 'alice',
          role: ['a', 'b'],
          exp: 1795555954,
          admin: true,
          scores: [1, 2.5],
          profile: { name: 'A' },
          nothing: null,
        }),
      ).toEqual({
        sub: ['alice'],
        role: ['a', 'b'],
        exp: ['1795555954'],
        admin: ['true'],
        scores: ['1', '2.5'],
        profile: ['{"name":"A"}'],
      });
    });

    it('keeps a claim called __proto__ as an ordinary key', () => {
      const claims = connectEventClaims(JSON.parse('{"__proto__":"x"}'));
      expect(Object.getPrototypeOf(claims)).toBe(Object.prototype);
      expect(JSON.stringify(claims)).toBe('{"__proto__":["x"]}');
    });
  });

  describe('headers and query', () => {
    it('groups raw headers with the client’s spelling, repeated ones in order', () => {
      expect(groupRawHeaders(['Host', 'h', 'Upgrade', 'websocket', 'Sec-WebSocket-Protocol', 'a', 'sec-websocket-protocol', 'b'])).toEqual({
        Host: ['h'],
        Upgrade: ['websocket'],
        'Sec-WebSocket-Protocol': ['a', 'b'],
      });
    });

    it('keeps every value of a repeated query parameter', () => {
      expect(groupQuery(new URLSearchParams('access_token=t&room=a&room=b'))).toEqual({ access_token: ['t'], room: ['a', 'b'] });
    });
  });
});
