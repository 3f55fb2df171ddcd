import { formatConnectionString, parseConnectionString } from './connection-string';

describe('connection strings', () => {
  it('prints the Azure shape with the port apart', () => {
    expect(formatConnectionString('http://localhost:8080', 'k=')).toBe(
      'Endpoint=http://localhost;Port=8080;AccessKey=k=;Version=1.0;',
    );
  });

  it('leaves the port out when it is the default one', () => {
    expect(formatConnectionString('https://pubsub.example.com/', 'key')).toBe(
      'Endpoint=https://pubsub.example.com;AccessKey=key;Version=1.0;',
    );
  });

  it('reads back what it prints, keys with = kept whole', () => {
    const key = 'abc+/def==';
    expect(parseConnectionString(formatConnectionString('http://127.0.0.1:9000', key))).toEqual({
      endpoint: 'http://127.0.0.1:9000',
      accessKey: key,
    });
  });

  it('reads keys case-insensitively, skips empty parts and defaults to https', () => {
    expect(parseConnectionString(';endpoint=example.com;;accesskey=x;port=444;')).toEqual({
      endpoint: 'https://example.com:444',
      accessKey: 'x',
    });
  });

  it('refuses a string without endpoint or key', () => {
    expect(() => parseConnectionString('AccessKey=x;')).toThrow(/Endpoint/);
    expect(() => parseConnectionString('Endpoint=http://a;')).toThrow(/AccessKey/);
  });
});
