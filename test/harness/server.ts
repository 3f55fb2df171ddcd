import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseConnectionString } from '@switchboard/protocol';
import { freePort } from './free-port';
import { REDIS_URL, SERVERS_ON_REDIS } from './redis-url';
import { createTestDatabase, POSTGRES_URL, type TestDatabase } from './test-database';

export const SERVER_MAIN = resolve(__dirname, '../../apps/server/dist/main.js');

const JWT = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,}/;

export type DatabaseChoice = 'embedded' | 'postgres';

export interface StartOptions {
  /** Default: PostgreSQL when DATABASE_URL is set, the embedded database otherwise. */
  database?: DatabaseChoice;
  env?: Record<string, string>;
  /**
   * A cluster node: the PostgreSQL database and Redis prefix its nodes share. Without it a server
   * runs alone, on Redis (a prefix of its own) only when the suite runs with E2E_REDIS_URL set.
   */
  cluster?: { postgres: TestDatabase; redisUrl: string; redisPrefix: string; nodeId: string };
}

/** Set for the pass that runs every single-node suite again with Redis on. */
export const E2E_REDIS_URL = SERVERS_ON_REDIS ? REDIS_URL : null;

/**
 * The real built server as a child process on a free port, with a database of its own. Tests get
 * its URL, connection string and output; `restart()` keeps the database, `stop()` ends it by PID.
 */
export class TestServer {
  readonly adminUser = 'admin';
  readonly adminPassword = 'e2e-admin-password';
  private child: ChildProcess | null = null;
  private output = '';
  /** Everything every run of this server wrote on stdout, restarts included. */
  private logLines = '';
  private exit: Promise<number | null> = Promise.resolve(null);
  connectionString = '';
  accessKey = '';
  /** The generated local CA's certificate, as the banner names it; null when TLS is off or brought. */
  caFile: string | null = null;
  /** Exit code of the last process that ended (null while running or when killed by a signal). */
  lastExitCode: number | null = null;

  private constructor(
    private currentPort: number,
    readonly database: DatabaseChoice,
    readonly dataDir: string,
    private readonly postgres: TestDatabase | null,
    private readonly extraEnv: Record<string, string>,
  ) {}

  static async start(options: StartOptions = {}): Promise<TestServer> {
    const { cluster } = options;
    const database = cluster ? 'postgres' : (options.database ?? (POSTGRES_URL ? 'postgres' : 'embedded'));
    const postgres = cluster ? null : database === 'postgres' ? await createTestDatabase() : null;
    const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-e2e-'));
    const redisEnv: Record<string, string> = cluster
      ? { DATABASE_URL: cluster.postgres.url, REDIS_URL: cluster.redisUrl, REDIS_PREFIX: cluster.redisPrefix, NODE_ID: cluster.nodeId }
      : E2E_REDIS_URL
        ? { REDIS_URL: E2E_REDIS_URL, REDIS_PREFIX: `e2e-${randomBytes(6).toString('hex')}` }
        : {};
    const server = new TestServer(await freePort(), database, dataDir, postgres, { ...redisEnv, ...options.env });
    for (let attempt = 1; ; attempt++) {
      try {
        await server.launch();
        return server;
      } catch (error) {
        // The free port was taken between freePort() and the server's listen (by the other e2e
        // pass running beside this one): another port, not a failed suite.
        if (attempt >= 3 || !server.output.includes('EADDRINUSE')) throw error;
        server.currentPort = await freePort();
      }
    }
  }

  /** The server's HTTP(S) port; stays the same across restart(). */
  get port(): number {
    return this.currentPort;
  }

  get baseUrl(): string {
    return `http://localhost:${this.port}`;
  }

  /** The PostgreSQL database made for this server, when it runs on PostgreSQL. */
  get postgresDatabase(): string | null {
    return this.postgres?.name ?? null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Everything the process printed on stdout and stderr so far. */
  get logs(): string {
    return this.output;
  }

  async restart(): Promise<void> {
    await this.terminate();
    await this.launch();
  }

  /** kill -9: no shutdown, no goodbye to the cluster. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await this.exit;
    this.child = null;
  }

  async stop(): Promise<void> {
    await this.terminate();
    this.checkLogsHoldNoSecrets();
    await this.postgres?.drop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /**
   * Every suite's servers run at debug level, and their log lines (stdout) must never hold the
   * access key, the admin password or any token: a full e2e run is the secret-leak check. Only
   * the banner on stderr shows the connection string, for the person who started the server.
   */
  private checkLogsHoldNoSecrets(): void {
    const secrets = [this.accessKey, this.adminPassword].filter((secret) => secret.length > 0);
    for (const line of this.logLines.split('\n')) {
      if (secrets.some((secret) => line.includes(secret)) || JWT.test(line)) {
        throw new Error(`a log line of the server holds a secret: ${line.slice(0, 300)}`);
      }
    }
  }

  private async launch(): Promise<void> {
    this.output = '';
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(this.currentPort),
      HOST: '127.0.0.1',
      DATA_DIR: this.dataDir,
      ADMIN_USER: this.adminUser,
      ADMIN_PASSWORD: this.adminPassword,
      LOG_LEVEL: 'debug',
      // Every server also serves HTTPS on its port (a local CA under DATA_DIR); the suites speak
      // plain HTTP unless they ask for the https endpoint (PUBLIC_ENDPOINT: '').
      PUBLIC_ENDPOINT: `http://localhost:${this.currentPort}`,
      ...(this.postgres ? { DATABASE_URL: this.postgres.url } : {}),
      ...this.extraEnv,
    };
    const child = spawn(process.execPath, [SERVER_MAIN], { env, cwd: this.dataDir, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout!.on('data', (chunk: Buffer) => {
      this.output += chunk.toString();
      this.logLines += chunk.toString();
    });
    child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exit = new Promise((done) => child.once('exit', (code) => done(code)));
    await this.waitReady();
    const match = /Connection string: (\S+)/.exec(this.output);
    if (!match) throw new Error(`the server printed no connection string:\n${this.output}`);
    this.connectionString = match[1];
    this.accessKey = parseConnectionString(this.connectionString).accessKey;
    this.caFile = /NODE_EXTRA_CA_CERTS=(\S+)/.exec(this.output)?.[1] ?? null;
  }

  private async waitReady(timeoutMs = 45_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.exit.then(() => (exited = true));
    while (Date.now() < deadline) {
      if (exited) throw new Error(`the server exited before it was ready:\n${this.output}`);
      try {
        const response = await fetch(`${this.baseUrl}/readyz`);
        if (response.status === 200 && /Connection string:/.test(this.output)) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    await this.terminate();
    throw new Error(`the server was not ready within ${timeoutMs} ms:\n${this.output}`);
  }

  private async terminate(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    this.lastExitCode = await this.exit;
    clearTimeout(killer);
    this.child = null;
  }
}

/** Runs a server process to its end and returns what it printed: for start-up failures. */
export function runToExit(env: Record<string, string>, timeoutMs = 30_000): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [SERVER_MAIN], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`the server did not exit within ${timeoutMs} ms:\n${stdout}${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, stderr, stdout });
    });
  });
}
