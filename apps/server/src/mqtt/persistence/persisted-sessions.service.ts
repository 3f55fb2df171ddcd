import { Injectable } from '@nestjs/common';
import { DataSource, Repository } from 'typeorm';
import { ClusterPort } from '../../cluster/cluster.port';
import type { DurableSessionState } from '../mqtt-session';
import { PersistedSessionEntity } from './persisted-session.entity';

/**
 * Durable MQTT sessions in PostgreSQL, shared by every node. A node writes the sessions it holds
 * when they go offline, when their subscriptions change, while messages queue for them, and at
 * shutdown; it takes a session back on CONNECT, or claims the sessions of nodes that are gone.
 */
@Injectable()
export class PersistedSessions {
  private readonly repository: Repository<PersistedSessionEntity>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly cluster: ClusterPort,
  ) {
    this.repository = dataSource.getRepository(PersistedSessionEntity);
  }

  async save(state: DurableSessionState, expiresAt: number): Promise<void> {
    const row: PersistedSessionEntity = {
      hubKey: state.session.hubKey,
      clientId: state.session.clientId,
      state: state as unknown as Record<string, unknown>,
      expiresAt: new Date(expiresAt),
      nodeId: this.cluster.nodeId,
    };
    // TypeORM's deep-partial type cannot express a jsonb Record column; the row is a whole entity.
    await this.repository.upsert(row as never, ['hubKey', 'clientId']);
  }

  async remove(hubKey: string, clientId: string): Promise<void> {
    await this.repository.delete({ hubKey, clientId });
  }

  /** The session of a CONNECT that found it nowhere live: taken out of the table if it has not expired. */
  async take(hubKey: string, clientId: string): Promise<{ state: DurableSessionState; expiresAt: number } | null> {
    const [row] = await this.returning('DELETE FROM mqtt_sessions WHERE hub_key = $1 AND client_id = $2 RETURNING state, expires_at', [hubKey, clientId]);
    return row && row.expiresAt > Date.now() ? row : null;
  }

  /**
   * Sessions whose node is no longer alive (restarted, crashed) become this node's: one UPDATE, so
   * two nodes never claim the same one. Expired ones are deleted on the way. `atStart`: this node
   * holds nothing yet, so rows under its own id (a restart with the same NODE_ID) are orphans too.
   */
  async claimOrphans(atStart: boolean): Promise<Array<{ state: DurableSessionState; expiresAt: number }>> {
    await this.dataSource.query('DELETE FROM mqtt_sessions WHERE expires_at <= now()');
    const live = this.cluster.nodes().map((node) => node.nodeId).filter((nodeId) => !atStart || nodeId !== this.cluster.nodeId);
    return this.returning('UPDATE mqtt_sessions SET node_id = $1 WHERE expires_at > now() AND NOT (node_id = ANY($2)) RETURNING state, expires_at', [this.cluster.nodeId, live]);
  }

  /** The rows an UPDATE or DELETE ... RETURNING gave back (the driver answers `[rows, count]` for those). */
  private async returning(sql: string, parameters: unknown[]): Promise<Array<{ state: DurableSessionState; expiresAt: number }>> {
    const result = (await this.dataSource.query(sql, parameters)) as unknown[];
    const rows = (Array.isArray(result[0]) ? result[0] : result) as Array<{ state: DurableSessionState; expires_at: Date }>;
    return rows.map((row) => ({ state: row.state, expiresAt: new Date(row.expires_at).getTime() }));
  }
}
