import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The real PostgreSQL of CI and of the team's machines, when DATABASE_URL names it. */
export const POSTGRES_URL = process.env.DATABASE_URL || null;

export const describeWithPostgres = POSTGRES_URL ? describe : describe.skip;

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/**
 * A database of its own for one test server, created next to DATABASE_URL's database, so suites
 * running side by side never see each other's rows.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (!POSTGRES_URL) throw new Error('DATABASE_URL is not set');
  const name = `switchboard_e2e_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

async function admin<T>(run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: POSTGRES_URL! });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}
