import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { WebPubSubServiceClient } from '@azure/web-pubsub';
import mqtt from 'mqtt';
import { TestServer } from '../harness/server';
import { describeWithPostgres } from '../harness/test-database';
import { until } from '../harness/until';

const SAMPLES = join(__dirname, 'samples');

/** A sample script as a user runs it: its own Node process, with only the environment given. */
class Sample {
  private readonly child: ChildProcess;
  private output = '';
  readonly exit: Promise<number | null>;

  constructor(script: string, args: string[], env: Record<string, string>) {
    this.child = spawn(process.execPath, [join(SAMPLES, script), ...args], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exit = new Promise((done) => this.child.once('exit', (code) => done(code)));
  }

  get printed(): string {
    return this.output;
  }

  stop(): Promise<number | null> {
    this.child.kill('SIGTERM');
    return this.exit;
  }
}

describeWithPostgres("Azure's unmodified samples over the generated HTTPS endpoint", () => {
  let server: TestServer;
  let connectionString: string;
  let caFile: string;

  beforeAll(async () => {
    // No PUBLIC_ENDPOINT and no TLS settings: what `npm start` does on a fresh machine.
    server = await TestServer.start({ env: { PUBLIC_ENDPOINT: '' } });
    connectionString = server.connectionString;
    caFile = server.caFile!;
  });

  afterAll(() => server?.stop());

  it('prints an https connection string and the CA to trust', () => {
    expect(connectionString).toMatch(new RegExp(`^Endpoint=https://localhost(:${server.port})?;(Port=${server.port};)?AccessKey=`));
    expect(caFile).toBe(join(server.dataDir, 'tls', 'ca.pem'));
    expect(readFileSync(caFile, 'utf8')).toContain('BEGIN CERTIFICATE');
    expect(server.logs).toContain(`NODE_EXTRA_CA_CERTS=${caFile}`);
  });

  it('publish.js reaches a WebPubSubClient subscriber with only NODE_EXTRA_CA_CERTS set', async () => {
    const env = { WebPubSubConnectionString: connectionString, NODE_EXTRA_CA_CERTS: caFile };
    const subscriber = new Sample('subscribe.js', [], env);
    try {
      await until(() => /connected: \S+/.test(subscriber.printed), 15_000);
      const publisher = new Sample('publish.js', ['Hello World'], env);
      expect(await publisher.exit).toBe(0);
      await until(() => subscriber.printed.includes('Message received: Hello World'), 10_000);
    } finally {
      await subscriber.stop();
    }
  });

  it('fails the same publish when the CA is not trusted, and keeps serving', async () => {
    const publisher = new Sample('publish.js', ['nobody hears this'], { WebPubSubConnectionString: connectionString });
    expect(await publisher.exit).not.toBe(0);
    expect(publisher.printed).toMatch(/certificate/i);
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
  });

  it('MQTT.js over wss:// trusting only the generated CA gets what publish.js sends', async () => {
    const service = new WebPubSubServiceClient(connectionString, 'pubsub');
    const { url } = await service.getClientAccessToken({ clientProtocol: 'mqtt' });
    expect(url.startsWith(`wss://localhost:${server.port}/`)).toBe(true);
    const ca = readFileSync(caFile);

    await expect(
      mqtt.connectAsync(url, { protocolVersion: 5, reconnectPeriod: 0, connectTimeout: 5000, clientId: 'untrusting' }),
    ).rejects.toThrow(/certificate/i);

    for (const protocolVersion of [4, 5] as const) {
      const client = await mqtt.connectAsync(url, {
        protocolVersion,
        reconnectPeriod: 0,
        connectTimeout: 5000,
        clientId: `wss${protocolVersion}`,
        ca,
        wsOptions: { ca },
      });
      const received: string[] = [];
      client.on('message', (topic, payload) => received.push(`${topic} ${payload.toString()}`));
      const publisher = new Sample('publish.js', [`over wss v${protocolVersion}`], {
        WebPubSubConnectionString: connectionString,
        NODE_EXTRA_CA_CERTS: caFile,
      });
      expect(await publisher.exit).toBe(0);
      await until(() => received.includes(`$webpubsub/server/messages over wss v${protocolVersion}`), 10_000);
      await client.endAsync();
    }
  });

  it('serves plain HTTP on the same port, and the certificate names localhost and 127.0.0.1', async () => {
    expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status).toBe(200);
    for (const host of ['localhost', '127.0.0.1']) {
      const status = await new Promise<number>((done, fail) => {
        const req = request({ host, port: server.port, path: '/healthz', ca: readFileSync(caFile), servername: host === 'localhost' ? host : undefined }, (res) => {
          res.resume();
          done(res.statusCode ?? 0);
        });
        req.on('error', fail);
        req.end();
      });
      expect(status).toBe(200);
    }
  });

  it('keeps its CA across a restart, so a CA once trusted stays trusted', async () => {
    const before = readFileSync(caFile, 'utf8');
    await server.restart();
    expect(readFileSync(server.caFile!, 'utf8')).toBe(before);
    const publisher = new Sample('publish.js', ['after restart'], { WebPubSubConnectionString: server.connectionString, NODE_EXTRA_CA_CERTS: caFile });
    expect(await publisher.exit).toBe(0);
  });
});
