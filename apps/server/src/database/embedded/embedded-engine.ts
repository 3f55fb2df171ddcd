/** What the data source needs from a database that Switchboard runs itself under DATA_DIR. */
export interface EmbeddedEngine {
  /** node-postgres connection options: a Unix socket folder or a loopback host, and a port. */
  readonly connection: { host: string; port: number; username: string; database: string };
  readonly poolSize: number;
  stop(): Promise<void>;
}
