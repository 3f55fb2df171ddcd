import { createHmac } from 'node:crypto';
import { connectionSignature } from './signature';

// What the server injects; tests may use Node, the library may not.
const hmacSha256Hex = (key: string, data: string): string => createHmac('sha256', key).update(data).digest('hex');

describe('ce-signature', () => {
  it('is sha256= and the hex HMAC of the connection id keyed with the access key', () => {
    const expected = createHmac('sha256', Buffer.from('primary-key', 'utf8')).update(Buffer.from('Xz1abc', 'utf8')).digest('hex');
    expect(connectionSignature('Xz1abc', ['primary-key'], hmacSha256Hex)).toBe(`sha256=${expected}`);
  });

  it('signs with the primary key first, then the secondary, joined by a comma', () => {
    const signature = connectionSignature('conn1', ['primary', 'secondary'], hmacSha256Hex);
    expect(signature).toBe(`sha256=${hmacSha256Hex('primary', 'conn1')},sha256=${hmacSha256Hex('secondary', 'conn1')}`);
  });

  it('uses the key string as is (UTF-8), not base64-decoded', () => {
    const key = 'dGhpcyBpcyBiYXNlNjQ=';
    expect(connectionSignature('c', [key], hmacSha256Hex)).toBe(`sha256=${hmacSha256Hex(key, 'c')}`);
  });

  it('skips absent and empty keys', () => {
    expect(connectionSignature('c', [null, 'k', '', undefined], hmacSha256Hex)).toBe(`sha256=${hmacSha256Hex('k', 'c')}`);
    expect(connectionSignature('c', [], hmacSha256Hex)).toBe('');
  });

  it('writes lower-case hex whatever the injected function returns', () => {
    expect(connectionSignature('c', ['k'], () => 'ABCDEF')).toBe('sha256=abcdef');
  });

  it('verifies the way the .NET SDK checks it: upper-case hex, case-insensitive, any of the values', () => {
    const header = connectionSignature('conn1', ['primary', 'secondary'], hmacSha256Hex);
    const dotnet = 'sha256=' + createHmac('sha256', 'secondary').update('conn1').digest('hex').toUpperCase();
    expect(header.split(',').some((value) => value.toLowerCase() === dotnet.toLowerCase())).toBe(true);
  });
});
