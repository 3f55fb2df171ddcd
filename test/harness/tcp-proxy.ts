import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP relay on a loopback port, for what sits between the parts in a real deployment: a load
 * balancer in front of the nodes (`target` can change), and a network that can fail between the
 * nodes and Redis (`cut` drops every connection and refuses new ones until `restore`).
 */
export class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private isCut = false;
  private frozen = false;
  /** Connections relayed so far, to see that a client came back through it. */
  relayed = 0;

  private constructor(
    private readonly server: Server,
    readonly port: number,
    public target: number,
  ) {}

  static async start(target: number): Promise<TcpProxy> {
    let proxy: TcpProxy;
    const server = createServer((client) => proxy.relay(client));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    proxy = new TcpProxy(server, address.port, target);
    return proxy;
  }

  /** Every open connection dropped; new ones refused until restored. */
  cut(): void {
    this.isCut = true;
    this.dropAll();
  }

  restore(): void {
    this.isCut = false;
  }

  /**
   * Open connections go silent without closing, as when a peer vanishes without a FIN (a phone
   * leaving coverage): nothing more is relayed either way.
   */
  freeze(): void {
    this.frozen = true;
    for (const socket of this.sockets) {
      socket.unpipe();
      socket.pause();
    }
  }

  /** Drops the open connections only (a balancer restarting, a NAT forgetting). */
  dropAll(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((done) => this.server.close(() => done()));
  }

  private relay(client: Socket): void {
    if (this.isCut || this.frozen) {
      client.destroy();
      return;
    }
    this.relayed++;
    const upstream = connect(this.target, '127.0.0.1');
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
