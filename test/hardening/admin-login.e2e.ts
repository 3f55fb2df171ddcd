import { call } from '../harness/management';
import { loopDelaySeconds } from '../harness/event-loop';
import { TestServer } from '../harness/server';

async function tryLogin(server: TestServer, password: string, username = server.adminUser): Promise<Response> {
  return fetch(`${server.baseUrl}/admin/api/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
}

/** Password guessing is slowed, stopped and audited (issue "Hardening", item 4). */
describe('admin login under guessing', () => {
  let server: TestServer;

  beforeAll(async () => {
    // Info level: this suite measures REST latency under a login flood, not a debug line per request.
    server = await TestServer.start({ env: { LOG_LEVEL: 'info' } });
  });

  afterAll(() => server?.stop());

  /** 100 wrong logins at once from one address, with a bystander sending over REST meanwhile. */
  async function loginFlood(): Promise<{ statuses: number[]; answered: number; delay: { max: number; p99: number } }> {
    const send = () => call(server, 'POST', '/api/hubs/bystander/:send?api-version=2024-12-01', { body: 'x', headers: { 'Content-Type': 'text/plain' } });
    // The first send to a hub reads its settings (and, on Redis, opens the bus path), and the first
    // login starts the hashing thread: cold paths, not what is measured here.
    expect((await send()).status).toBe(202);
    expect((await tryLogin(server, 'warm-up', 'warm-up-account')).status).toBe(401);
    await loopDelaySeconds(server);
    let burstDone = false;
    let answered = 0;
    const burst = Promise.all(Array.from({ length: 100 }, (_, i) => tryLogin(server, `guess-${i}`, `someone-${i % 10}`).then((r) => r.status))).finally(() => (burstDone = true));
    while (!burstDone) {
      expect((await send()).status).toBe(202);
      answered++;
    }
    return { statuses: await burst, answered, delay: await loopDelaySeconds(server) };
  }

  it('keeps the event loop turning (p99 under 100 ms) and REST answering for others while 100 wrong logins come at once', async () => {
    // bcrypt on the main thread would stall the loop about 250 ms per login, in every flood. The
    // other suites running beside this one on a 2-core CI machine can stall it once in a while:
    // a flood that passes the bound on a fresh server (up to three) is the answer.
    let flood = await loginFlood();
    for (let attempt = 2; attempt <= 3 && !(flood.delay.p99 < 0.1 && flood.delay.max < 0.5); attempt++) {
      await server.restart();
      flood = await loginFlood();
    }
    // Refused at once when too many come from one address, slowly otherwise; never accepted.
    expect(flood.statuses.every((status) => status === 401 || status === 429)).toBe(true);
    expect(flood.statuses.filter((status) => status === 429).length).toBeGreaterThan(50);
    expect(flood.answered).toBeGreaterThan(5);
    expect(flood.delay.p99).toBeLessThan(0.1);
    expect(flood.delay.max).toBeLessThan(0.5);
  });

  it('locks an account after five wrong passwords, refuses even the right one meanwhile, and audits it', async () => {
    for (let i = 0; i < 5; i++) expect((await tryLogin(server, `wrong-${i}`)).status).toBe(401);
    const locked = await tryLogin(server, server.adminPassword);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(((await locked.json()) as { error: { message: string } }).error.message).toContain('locked');

    // The lockout is in the audit log.
    const other = await call(server, 'GET', '/admin/api/audit');
    expect(other.status).toBe(200);
    expect(JSON.stringify(other.body)).toContain('admin.lockout');
  });
});
