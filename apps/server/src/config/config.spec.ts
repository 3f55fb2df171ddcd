import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('has defaults that run on a fresh machine', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config).toEqual({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: null,
      dataDir: '/srv/app/data',
      accessKey: null,
      adminUser: 'admin',
      adminPassword: null,
      publicEndpoint: 'https://localhost:8080',
      tls: { kind: 'generated', dir: '/srv/app/data/tls' },
      logLevel: 'info',
      logFormat: 'json',
      limits: { maxMessageBytes: 1048576, sendBufferBytes: 2097152, recoverySeconds: 30, idlePingSeconds: 30, streamsPerConnection: 100, streamMaxIdleSeconds: 3600, retainedMessagesPerHub: 100000, retainedBytesPerHub: 268435456 },
      upstream: { timeoutMs: 20000 },
      cluster: { redisUrl: null, nodeId: expect.stringMatching(/^node-[0-9a-f]{8}$/), redisPrefix: 'switchboard' },
    });
  });

  it('reads the cluster settings', () => {
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379/2', NODE_ID: 'node-a', REDIS_PREFIX: 'east' }).cluster).toEqual({
      redisUrl: 'redis://127.0.0.1:6379/2',
      nodeId: 'node-a',
      redisPrefix: 'east',
    });
  });

  it('reads the event handler timeout', () => {
    expect(loadConfig({ UPSTREAM_TIMEOUT_MS: '1500' }).upstream.timeoutMs).toBe(1500);
  });

  it('derives the public endpoint from the port', () => {
    expect(loadConfig({ PORT: '9000' }).publicEndpoint).toBe('https://localhost:9000');
    expect(loadConfig({ PORT: '9000', TLS: 'off' }).publicEndpoint).toBe('http://localhost:9000');
  });

  it('serves HTTP only with TLS=off, and refuses certificate files beside it', () => {
    expect(loadConfig({ TLS: 'OFF' }).tls).toEqual({ kind: 'off' });
    expect(() => loadConfig({ TLS: 'off', TLS_CERT_FILE: 'a.pem' })).toThrow('TLS: is off, yet TLS_CERT_FILE or TLS_KEY_FILE is set');
    expect(() => loadConfig({ TLS: 'maybe' })).toThrow('TLS: "maybe" is not auto or off');
  });

  it('keeps an explicit public endpoint as an origin', () => {
    expect(loadConfig({ PUBLIC_ENDPOINT: 'https://pubsub.example.com/' }).publicEndpoint).toBe(
      'https://pubsub.example.com',
    );
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x/y' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ ACCESS_KEY: 'short' }, 'ACCESS_KEY'],
    [{ ACCESS_KEY: 'a-long-enough-key;with-semicolon' }, 'ACCESS_KEY'],
    [{ ADMIN_PASSWORD: 'short' }, 'ADMIN_PASSWORD'],
    [{ ADMIN_USER: 'has space' }, 'ADMIN_USER'],
    [{ PUBLIC_ENDPOINT: 'ftp://x' }, 'PUBLIC_ENDPOINT'],
    [{ PUBLIC_ENDPOINT: 'http://x/path' }, 'PUBLIC_ENDPOINT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ MAX_MESSAGE_BYTES: '10' }, 'MAX_MESSAGE_BYTES'],
    [{ CLIENT_SEND_BUFFER_BYTES: 'lots' }, 'CLIENT_SEND_BUFFER_BYTES'],
    [{ RELIABLE_RECOVERY_SECONDS: '0' }, 'RELIABLE_RECOVERY_SECONDS'],
    [{ UPSTREAM_TIMEOUT_MS: '50' }, 'UPSTREAM_TIMEOUT_MS'],
    [{ REDIS_URL: 'http://127.0.0.1:6379' }, 'REDIS_URL'],
    [{ REDIS_URL: 'redis://127.0.0.1:6379/db' }, 'REDIS_URL'],
    [{ NODE_ID: 'has space' }, 'NODE_ID'],
    [{ REDIS_PREFIX: 'a b' }, 'REDIS_PREFIX'],
    [{ TLS_CERT_FILE: '/nope.pem' }, 'TLS_KEY_FILE'],
    [{ TLS_CERT_FILE: '/nope.pem', TLS_KEY_FILE: '/nope.key' }, 'TLS_CERT_FILE'],
  ])('refuses %j naming %s', (env, variable) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message.startsWith(`${variable}: `)).toBe(true);
  });

  it('switches the default endpoint to https when TLS files are given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-config-'));
    writeFileSync(join(dir, 'cert.pem'), 'x');
    writeFileSync(join(dir, 'key.pem'), 'x');
    const config = loadConfig({ TLS_CERT_FILE: 'cert.pem', TLS_KEY_FILE: 'key.pem', PORT: '8443' }, dir);
    expect(config.tls).toEqual({ kind: 'files', certFile: join(dir, 'cert.pem'), keyFile: join(dir, 'key.pem') });
    expect(config.publicEndpoint).toBe('https://localhost:8443');
  });

  it('accepts a postgres URL and reads LOG_LEVEL in any case', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test', LOG_LEVEL: 'DEBUG' });
    expect(config.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/test');
    expect(config.logLevel).toBe('debug');
  });
});
