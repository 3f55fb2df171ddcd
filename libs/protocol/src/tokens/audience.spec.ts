import { audienceMatches, audiencePath } from './audience';

describe('token audience', () => {
  it('compares the path only, as the SDK signs the whole URL', () => {
    const aud = 'http://localhost:18080/api/hubs/hub1/:send?api-version=2024-12-01&excluded=x1';
    expect(audienceMatches(aud, '/api/hubs/hub1/:send?api-version=2024-12-01')).toBe(true);
    expect(audienceMatches(aud, 'https://proxy.example/api/hubs/hub1/:send')).toBe(true);
  });

  it('ignores case and a trailing slash', () => {
    expect(audienceMatches('http://h/Admin/API/Hubs/Chat/', '/admin/api/hubs/chat')).toBe(true);
  });

  it('refuses another path', () => {
    expect(audienceMatches('http://h/admin/api/hubs/chat', '/admin/api/hubs/other')).toBe(false);
    expect(audienceMatches('http://h/admin/api/hubs', '/admin/api/hubs/chat')).toBe(false);
  });

  it('refuses a missing or non-string audience', () => {
    expect(audienceMatches(undefined, '/x')).toBe(false);
    expect(audienceMatches(42, '/x')).toBe(false);
  });

  it('accepts any one of several audiences', () => {
    expect(audienceMatches(['http://h/a', 'http://h/b'], '/b')).toBe(true);
  });

  it('decodes percent-encoded segments once', () => {
    expect(audiencePath('http://h/api/hubs/h/groups/g%201')).toBe('/api/hubs/h/groups/g 1');
  });

  it('treats an origin alone as the root path', () => {
    expect(audiencePath('http://localhost:8080')).toBe('/');
  });
});
