import { TestServer } from '../harness/server';
import { until } from '../harness/until';

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

/** The log lines a server wrote on stdout, parsed. */
function logEntries(server: TestServer): Array<Record<string, unknown>> {
  return server.logs
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('logs', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start();
  });

  afterAll(() => server?.stop());

  it('are JSON lines with ISO timestamps and standard level names', () => {
    const stdoutLines = server.logs.split('\n').filter((line) => line.startsWith('{'));
    expect(stdoutLines.length).toBeGreaterThan(0);
    for (const entry of logEntries(server)) {
      expect(LEVELS).toContain(entry.level);
      expect(entry.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
    expect(logEntries(server)).toContainEqual(expect.objectContaining({ level: 'info', msg: 'ready', endpoint: `http://localhost:${server.port}` }));
  });

  it("keep Nest's start-up chatter (mapped routes) at debug", () => {
    const mapped = logEntries(server).filter((entry) => String(entry.msg).startsWith('Mapped {'));
    expect(mapped.length).toBeGreaterThan(20);
    expect(new Set(mapped.map((entry) => entry.level))).toEqual(new Set(['debug']));
  });

  it('write one debug line per request, with credentials cut out of the URL and no headers', async () => {
    const response = await fetch(`${server.baseUrl}/api/hubs/chat/:send?api-version=2024-12-01&access_token=not-a-real-token-123`, {
      method: 'POST',
      headers: { Authorization: 'Bearer some.secret.value', 'Content-Type': 'text/plain' },
      body: 'hi',
    });
    expect(response.status).toBe(401);
    await until(() => logEntries(server).some((entry) => String((entry.req as { url?: string })?.url).includes(':send')));
    const line = logEntries(server).find((entry) => String((entry.req as { url?: string })?.url).includes(':send'))!;
    expect(line).toMatchObject({ level: 'debug', msg: 'request completed', res: { statusCode: 401 } });
    expect((line.req as { url: string }).url).toBe('/api/hubs/chat/:send?api-version=2024-12-01&access_token=[redacted]');
    expect(server.logs).not.toContain('not-a-real-token-123');
    expect(server.logs).not.toContain('some.secret.value');
  });
});

describe('LOG_FORMAT=pretty', () => {
  it('writes lines for a person at a terminal', async () => {
    const server = await TestServer.start({ env: { LOG_FORMAT: 'pretty', LOG_LEVEL: 'info' } });
    try {
      const lines = server.logs.split('\n').filter((line) => /\bready\b/.test(line) && !line.includes('is ready in'));
      expect(lines.length).toBe(1);
      expect(lines[0]).toMatch(/INFO.*ready/);
      expect(lines[0].startsWith('{')).toBe(false);
    } finally {
      await server.stop();
    }
  });
});
