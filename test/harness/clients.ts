import { WebPubSubServiceClient, type GenerateClientTokenOptions } from '@azure/web-pubsub';
import WebSocket from 'ws';
import type { TestServer } from './server';

/** The official service client for one hub of a test server. */
export function serviceClient(server: TestServer, hub: string): WebPubSubServiceClient {
  return new WebPubSubServiceClient(server.connectionString, hub, { allowInsecureConnection: true });
}

/** A client URL with its token, made by the official SDK's getClientAccessToken. */
export async function clientUrl(server: TestServer, hub: string, options: GenerateClientTokenOptions = {}): Promise<string> {
  return (await serviceClient(server, hub).getClientAccessToken(options)).url;
}

export interface Frame {
  data: string | Buffer;
  binary: boolean;
}

/**
 * A plain `ws` client that queues what it receives, so tests can await frames one by one and
 * compare them byte for byte.
 */
export class RawClient {
  private readonly frames: Frame[] = [];
  private waiters: Array<(frame: Frame) => void> = [];
  readonly opened: Promise<void>;
  readonly closed: Promise<{ code: number; reason: string }>;
  /** Set when the server refused the upgrade with an HTTP status. */
  refusedWith: number | null = null;

  constructor(
    readonly ws: WebSocket,
  ) {
    ws.on('message', (data: Buffer, binary: boolean) => {
      const frame = { data: binary ? data : data.toString('utf8'), binary };
      const waiter = this.waiters.shift();
      if (waiter) waiter(frame);
      else this.frames.push(frame);
    });
    ws.on('unexpected-response', (_request, response) => {
      this.refusedWith = response.statusCode ?? null;
      ws.emit('error', new Error(`refused with ${response.statusCode}`));
    });
    this.opened = new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    this.opened.catch(() => undefined);
    this.closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  static async open(url: string, protocols?: string | string[], options: WebSocket.ClientOptions = {}): Promise<RawClient> {
    const client = new RawClient(new WebSocket(url, protocols, options));
    await client.opened;
    return client;
  }

  /** Tries to open and reports the HTTP status the upgrade was refused with. */
  static async refusal(url: string, protocols?: string | string[], options: WebSocket.ClientOptions = {}): Promise<number | null> {
    const client = new RawClient(new WebSocket(url, protocols, options));
    try {
      await client.opened;
      client.ws.close();
      return null;
    } catch {
      return client.refusedWith;
    }
  }

  next(timeoutMs = 5000): Promise<Frame> {
    const queued = this.frames.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== done);
        reject(new Error(`no frame within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (frame: Frame) => {
        clearTimeout(timer);
        resolve(frame);
      };
      this.waiters.push(done);
    });
  }

  async nextJson(timeoutMs?: number): Promise<any> {
    const frame = await this.next(timeoutMs);
    if (frame.binary) throw new Error('expected a text frame, got a binary one');
    return JSON.parse(frame.data as string);
  }

  /** Fails if any frame arrives within the time given. */
  async expectSilence(ms = 300): Promise<void> {
    const frame = await this.next(ms).catch(() => null);
    if (frame) throw new Error(`expected no frame, got ${frame.binary ? '<binary>' : frame.data}`);
  }

  send(data: string | Buffer | object, binary = false): void {
    this.ws.send(typeof data === 'object' && !Buffer.isBuffer(data) ? JSON.stringify(data) : data, { binary });
  }

  close(): void {
    this.ws.close();
  }
}
