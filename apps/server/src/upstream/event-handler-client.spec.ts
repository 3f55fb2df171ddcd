import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { AppConfig } from '../config/config';
import { EventHandlerClient } from './event-handler-client';

/** A real HTTP server on loopback standing in for an event handler. */
async function handlerServer(handle: (request: IncomingMessage, response: ServerResponse, body: Buffer) => void) {
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => handle(request, response, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webpubsub/hubs/chat/connect`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const config = { limits: { maxMessageBytes: 1024 } } as AppConfig;

describe('EventHandlerClient', () => {
  const client = new EventHandlerClient(config);
  const servers: Array<{ close(): Promise<void> }> = [];

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  afterAll(() => client.onApplicationShutdown());

  async function serve(handle: Parameters<typeof handlerServer>[0]) {
    const server = await handlerServer(handle);
    servers.push(server);
    return server;
  }

  it('posts the headers and body and reads status, repeated headers and body', async () => {
    const seen: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
    const { url } = await serve((request, response, body) => {
      seen.push({ headers: request.headers, body: body.toString() });
      response.writeHead(200, [
        ['Content-Type', 'text/plain'],
        ['ce-connectionState', 'a'],
        ['ce-connectionState', 'b'],
      ]);
      response.end('héllo');
    });
    const result = await client.send({ method: 'POST', url, headers: { 'ce-userId': 'Ã©', 'Content-Type': 'text/plain' }, body: 'dé' }, 1000);
    expect(result).toMatchObject({ kind: 'response', status: 200 });
    if (result.kind !== 'response') return;
    expect([...result.headers].filter(([name]) => name === 'ce-connectionState')).toEqual([
      ['ce-connectionState', 'a'],
      ['ce-connectionState', 'b'],
    ]);
    expect(Buffer.from(result.body).toString()).toBe('héllo');
    // A header value is a byte string: the two bytes of UTF-8 "é" arrive as two latin1 characters.
    expect(seen[0].headers['ce-userid']).toBe('Ã©');
    expect(seen[0].body).toBe('dé');
    expect(seen[0].headers['content-length']).toBe('3');
  });

  it('times out a handler that does not answer', async () => {
    const { url } = await serve(() => undefined);
    const startedAt = Date.now();
    await expect(client.send({ method: 'POST', url, headers: {} }, 200)).resolves.toEqual({ kind: 'timeout' });
    expect(Date.now() - startedAt).toBeLessThan(1000);
  });

  it('reports a handler that cannot be reached', async () => {
    const { url, close } = await handlerServer(() => undefined);
    await close();
    await expect(client.send({ method: 'OPTIONS', url, headers: {} }, 1000)).resolves.toMatchObject({
      kind: 'networkError',
      message: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('refuses an answer larger than a message may be', async () => {
    const { url } = await serve((_request, response) => response.end(Buffer.alloc(4096)));
    await expect(client.send({ method: 'POST', url, headers: {} }, 1000)).resolves.toMatchObject({
      kind: 'networkError',
      message: expect.stringContaining('larger than 1024 bytes'),
    });
  });

  it('keeps the connection alive between requests', async () => {
    const sockets = new Set<Socket>();
    const { url } = await serve((request, response) => {
      sockets.add(request.socket);
      response.end();
    });
    for (let i = 0; i < 3; i++) await client.send({ method: 'POST', url, headers: {} }, 1000);
    expect(sockets.size).toBe(1);
  });

  it('sends again on a fresh connection when a kept-alive one was closed as it was reused', async () => {
    const requestsPerSocket = new Map<Socket, number>();
    const { url } = await serve((request, response) => {
      const count = (requestsPerSocket.get(request.socket) ?? 0) + 1;
      requestsPerSocket.set(request.socket, count);
      // The handler's server drops an idle keep-alive socket just as the next request arrives.
      if (count > 1) request.socket.destroy();
      else response.end('ok');
    });
    await client.send({ method: 'POST', url, headers: {} }, 1000);
    const second = await client.send({ method: 'POST', url, headers: {} }, 1000);
    expect(second).toMatchObject({ kind: 'response', status: 200 });
    expect(requestsPerSocket.size).toBe(2);
  });
});
