import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

/**
 * The whole configuration, read once from the environment at start. A bad value stops the
 * process with one line naming the variable (see main.ts), rather than failing later.
 */
export interface AppConfig {
  port: number;
  host: string;
  /** Unset: PostgreSQL run by the server itself in `dataDir/postgres` (database/embedded/). */
  databaseUrl: string | null;
  dataDir: string;
  /** Seeds the primary access key on first start only. */
  accessKey: string | null;
  adminUser: string;
  /** Seeds the first admin's password; unset: generated and printed once. */
  adminPassword: string | null;
  publicEndpoint: string;
  tls: TlsSettings;
  logLevel: LogLevel;
  /** JSON lines for log shippers (default), or `pretty` for a person at a terminal. */
  logFormat: 'json' | 'pretty';
  limits: ConnectionLimits;
  upstream: UpstreamSettings;
  cluster: ClusterSettings;
}

/**
 * HTTPS and WSS beside HTTP on the one port: the operator's certificate pair, or (the default) a
 * local CA and server certificate generated under `dir` on first start; `off` serves HTTP only.
 */
export type TlsSettings =
  | { kind: 'files'; certFile: string; keyFile: string }
  | { kind: 'generated'; dir: string }
  | { kind: 'off' };

/** Several nodes on one Redis (README, "Running several nodes"); null redisUrl: one node alone. */
export interface ClusterSettings {
  redisUrl: string | null;
  /** Names this node in the cluster and on the dashboard; generated when NODE_ID is unset. */
  nodeId: string;
  /** Prefix of the bus channels and keys, so that several clusters can share one Redis. */
  redisPrefix: string;
}

/** Calls to the hubs' event handlers (spec/upstream-events.md §3 "Timeouts and retries"). */
export interface UpstreamSettings {
  /**
   * How long a handler may take to answer one request: a blocking event (`connect`, user events)
   * not answered in time counts as `500`; the abuse-protection probe as failed; an unblocking
   * event as one failed attempt. The spec's SHOULD: configurable, 20 s.
   */
  timeoutMs: number;
}

export interface ConnectionLimits {
  /** Largest frame a client may send (Azure: 1 MB); larger ones close the socket with 1009. */
  maxMessageBytes: number;
  /**
   * Bytes owed to a connection that does not read, past which it is cut as a slow consumer. 2 MB:
   * twice the largest message, and small enough that thousands of stalled clients cost little.
   */
  sendBufferBytes: number;
  /** How long a dropped reliable session waits for its client to recover (Azure: at least 30 s). */
  recoverySeconds: number;
  /** MQTT sessions with Keep Alive 0 are pinged this often; one that misses a ping is dropped. */
  idlePingSeconds: number;
  /** Group streams one connection may have open at once (client-protocols-2026.md §2.4 rule 12). */
  streamsPerConnection: number;
  /** The longest idle timeout a group stream may ask for; the default is 300 s or this, if lower. */
  streamMaxIdleSeconds: number;
  /** Retained MQTT messages one hub may hold, and their bytes (hubs with `mqtt.retainedMessages`). */
  retainedMessagesPerHub: number;
  retainedBytesPerHub: number;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'verbose'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

export const APP_CONFIG = Symbol('APP_CONFIG');

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): AppConfig {
  const port = readPort(env);
  const host = readHost(env);
  const dataDir = resolve(cwd, nonEmpty(env.DATA_DIR) ?? './data');
  const tls = readTls(env, cwd, dataDir);
  return {
    port,
    host,
    databaseUrl: readDatabaseUrl(env),
    dataDir,
    accessKey: readAccessKey(env),
    adminUser: readAdminUser(env),
    adminPassword: readAdminPassword(env),
    publicEndpoint: readPublicEndpoint(env, port, tls.kind !== 'off'),
    tls,
    logLevel: readLogLevel(env),
    logFormat: readLogFormat(env),
    limits: {
      maxMessageBytes: readInteger(env, 'MAX_MESSAGE_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
      sendBufferBytes: readInteger(env, 'CLIENT_SEND_BUFFER_BYTES', 2 * 1024 * 1024, 16 * 1024, 1024 * 1024 * 1024),
      recoverySeconds: readInteger(env, 'RELIABLE_RECOVERY_SECONDS', 30, 1, 3600),
      idlePingSeconds: readInteger(env, 'MQTT_IDLE_PING_SECONDS', 30, 1, 3600),
      streamsPerConnection: readInteger(env, 'STREAMS_PER_CONNECTION', 100, 1, 10_000),
      streamMaxIdleSeconds: readInteger(env, 'STREAM_MAX_IDLE_SECONDS', 3600, 1, 86_400),
      retainedMessagesPerHub: readInteger(env, 'MQTT_RETAINED_MESSAGES_PER_HUB', 100_000, 1, 10_000_000),
      retainedBytesPerHub: readInteger(env, 'MQTT_RETAINED_BYTES_PER_HUB', 256 * 1024 * 1024, 1024, 16 * 1024 * 1024 * 1024),
    },
    upstream: {
      timeoutMs: readInteger(env, 'UPSTREAM_TIMEOUT_MS', 20_000, 100, 600_000),
    },
    cluster: {
      redisUrl: readRedisUrl(env),
      nodeId: readNodeId(env),
      redisPrefix: readRedisPrefix(env),
    },
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function readRedisUrl(env: Env): string | null {
  const raw = nonEmpty(env.REDIS_URL);
  if (raw === undefined) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('REDIS_URL', 'is not a URL (expected redis://host:port/db)');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new ConfigError('REDIS_URL', `scheme "${url.protocol}" is not redis: or rediss:`);
  }
  if (url.pathname.length > 1 && !/^\/\d{1,2}$/.test(url.pathname)) {
    throw new ConfigError('REDIS_URL', `"${url.pathname.slice(1)}" is not a database number`);
  }
  return raw;
}

function readNodeId(env: Env): string {
  const raw = nonEmpty(env.NODE_ID);
  if (raw === undefined) return `node-${randomBytes(4).toString('hex')}`;
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(raw)) throw new ConfigError('NODE_ID', 'may hold 1-64 letters, digits and _ . - only');
  return raw;
}

function readRedisPrefix(env: Env): string {
  const raw = nonEmpty(env.REDIS_PREFIX) ?? 'switchboard';
  if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(raw)) throw new ConfigError('REDIS_PREFIX', 'may hold 1-64 letters, digits and _ . : - only');
  return raw;
}

function readPort(env: Env): number {
  const raw = nonEmpty(env.PORT);
  if (raw === undefined) return 8080;
  if (!/^\d+$/.test(raw) || Number(raw) > 65535) {
    throw new ConfigError('PORT', `"${raw}" is not a port number (0-65535)`);
  }
  return Number(raw);
}

function readHost(env: Env): string {
  const raw = nonEmpty(env.HOST) ?? '127.0.0.1';
  if (/[\s/]/.test(raw)) throw new ConfigError('HOST', `"${raw}" is not a host name or address`);
  return raw;
}

function readDatabaseUrl(env: Env): string | null {
  const raw = nonEmpty(env.DATABASE_URL);
  if (raw === undefined) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL', 'is not a URL (expected postgres://user@host:port/database)');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError('DATABASE_URL', `scheme "${url.protocol}" is not postgres: or postgresql:`);
  }
  return raw;
}

/** Keys are HMAC secrets used as their UTF-8 bytes; ';' would break the connection string. */
function readAccessKey(env: Env): string | null {
  const raw = nonEmpty(env.ACCESS_KEY);
  if (raw === undefined) return null;
  if (raw.length < 16) throw new ConfigError('ACCESS_KEY', 'must be at least 16 characters');
  if (/[;\s]/.test(raw)) throw new ConfigError('ACCESS_KEY', 'must not contain ";" or white space');
  return raw;
}

/** An admin's user name, whether seeded from ADMIN_USER or created later. */
export const ADMIN_USERNAME_PATTERN = /^[A-Za-z0-9_.@-]{1,64}$/;

function readAdminUser(env: Env): string {
  const raw = nonEmpty(env.ADMIN_USER) ?? 'admin';
  if (!ADMIN_USERNAME_PATTERN.test(raw)) {
    throw new ConfigError('ADMIN_USER', 'may hold 1-64 letters, digits and _ . @ - only');
  }
  return raw;
}

function readAdminPassword(env: Env): string | null {
  const raw = env.ADMIN_PASSWORD;
  if (raw === undefined || raw === '') return null;
  if (raw.length < 8) throw new ConfigError('ADMIN_PASSWORD', 'must be at least 8 characters');
  if (Buffer.byteLength(raw) > 72) {
    throw new ConfigError('ADMIN_PASSWORD', 'must be at most 72 bytes (bcrypt reads no further)');
  }
  return raw;
}

function readPublicEndpoint(env: Env, port: number, tls: boolean): string {
  const raw = nonEmpty(env.PUBLIC_ENDPOINT) ?? `${tls ? 'https' : 'http'}://localhost:${port}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('PUBLIC_ENDPOINT', `"${raw}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError('PUBLIC_ENDPOINT', 'must start with http:// or https://');
  }
  if (url.pathname !== '/' || url.search || url.hash) {
    throw new ConfigError('PUBLIC_ENDPOINT', 'must be an origin only (no path or query), as Azure endpoints are');
  }
  return url.origin;
}

function readTls(env: Env, cwd: string, dataDir: string): TlsSettings {
  const mode = (nonEmpty(env.TLS) ?? 'auto').toLowerCase();
  if (mode !== 'auto' && mode !== 'off') throw new ConfigError('TLS', `"${mode}" is not auto or off`);
  const cert = nonEmpty(env.TLS_CERT_FILE);
  const key = nonEmpty(env.TLS_KEY_FILE);
  if (mode === 'off') {
    if (cert || key) throw new ConfigError('TLS', 'is off, yet TLS_CERT_FILE or TLS_KEY_FILE is set');
    return { kind: 'off' };
  }
  if (!cert && !key) return { kind: 'generated', dir: join(dataDir, 'tls') };
  if (!cert) throw new ConfigError('TLS_CERT_FILE', 'is required when TLS_KEY_FILE is set');
  if (!key) throw new ConfigError('TLS_KEY_FILE', 'is required when TLS_CERT_FILE is set');
  const certFile = isAbsolute(cert) ? cert : resolve(cwd, cert);
  const keyFile = isAbsolute(key) ? key : resolve(cwd, key);
  if (!existsSync(certFile)) throw new ConfigError('TLS_CERT_FILE', `no file at ${certFile}`);
  if (!existsSync(keyFile)) throw new ConfigError('TLS_KEY_FILE', `no file at ${keyFile}`);
  return { kind: 'files', certFile, keyFile };
}

function readInteger(env: Env, variable: string, fallback: number, min: number, max: number): number {
  const raw = nonEmpty(env[variable]);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(variable, `"${raw}" is not a whole number from ${min} to ${max}`);
  }
  return Number(raw);
}

function readLogFormat(env: Env): AppConfig['logFormat'] {
  const raw = (nonEmpty(env.LOG_FORMAT) ?? 'json').toLowerCase();
  if (raw !== 'json' && raw !== 'pretty') throw new ConfigError('LOG_FORMAT', `"${raw}" is not json or pretty`);
  return raw;
}

function readLogLevel(env: Env): LogLevel {
  const raw = (nonEmpty(env.LOG_LEVEL) ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(raw)) {
    throw new ConfigError('LOG_LEVEL', `"${raw}" is not one of ${LOG_LEVELS.join(', ')}`);
  }
  return raw as LogLevel;
}
