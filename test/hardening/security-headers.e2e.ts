import { TestServer } from '../harness/server';

/** The dashboard and the admin API send browser protections (issue "Hardening", item 6). */
describe('security headers', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start();
  });

  afterAll(() => server?.stop());

  it.each(['/dashboard/', '/dashboard/connections', '/admin/api/session'])('%s forbids framing and sniffing, and keeps scripts to this origin', async (path) => {
    const response = await fetch(`${server.baseUrl}${path}`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('leaves the data-plane API to its own headers', async () => {
    const response = await fetch(`${server.baseUrl}/api/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBeNull();
  });
});
