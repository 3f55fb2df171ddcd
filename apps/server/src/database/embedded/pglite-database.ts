import type { EmbeddedEngine } from './embedded-engine';

/**
 * PostgreSQL compiled to WebAssembly, as versions before the real binaries stored it in
 * `DATA_DIR/pglite`. Kept to open those folders (see database.provider.ts); loaded only then,
 * since PGlite costs seconds and hundreds of MB. It has a single session: one pooled connection.
 */
export class PgliteDatabase implements EmbeddedEngine {
  readonly poolSize = 1;

  private constructor(
    private readonly db: { close(): Promise<void> },
    private readonly server: { stop(): Promise<void> },
    private readonly port: number,
  ) {}

  get connection() {
    return { host: '127.0.0.1', port: this.port, username: 'postgres', database: 'postgres' };
  }

  static async open(dataDir: string): Promise<PgliteDatabase> {
    const { PGlite } = await import('@electric-sql/pglite');
    const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
    const db = await PGlite.create({ dataDir });
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 4 });
    await server.start();
    const port = Number(server.getServerConn().split(':').pop());
    return new PgliteDatabase(db, server, port);
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
  }
}
