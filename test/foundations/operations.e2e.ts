import { Client } from 'pg';
import { runToExit, TestServer } from '../harness/server';
import { describeWithPostgres, POSTGRES_URL } from '../harness/test-database';

describe('start-up configuration', () => {
  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ DATABASE_URL: 'mysql://localhost/x' }, 'DATABASE_URL'],
    [{ TLS_CERT_FILE: '/no/such/cert.pem', TLS_KEY_FILE: '/no/such/key.pem' }, 'TLS_CERT_FILE'],
    [{ TLS: 'sometimes' }, 'TLS'],
    [{ LOG_FORMAT: 'xml' }, 'LOG_FORMAT'],
  ])('stops with one clear line for %j', async (env, variable) => {
    const { code, stderr, stdout } = await runToExit(env);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^switchboard: configuration error: ${variable}: `))]);
  });

  it('stops with one clear line when the database cannot be reached', async () => {
    const { code, stderr } = await runToExit({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere', PORT: '0' });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^switchboard: cannot open the database: /)]);
  });
});

describeWithPostgres('readiness', () => {
  it('turns /readyz to 503 when the database goes away, while /healthz stays 200', async () => {
    const server = await TestServer.start({ database: 'postgres' });
    try {
      expect((await fetch(`${server.baseUrl}/readyz`)).status).toBe(200);
      await cutOff(server.postgresDatabase!);
      const ready = await fetch(`${server.baseUrl}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'unavailable', database: 'postgres' });
      expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});

/** Ends the server's sessions and refuses new ones: as far as the server can tell, the database is gone. */
async function cutOff(database: string): Promise<void> {
  const client = new Client({ connectionString: POSTGRES_URL! });
  await client.connect();
  try {
    await client.query(`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS false`);
    await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database]);
  } finally {
    await client.end();
  }
}
