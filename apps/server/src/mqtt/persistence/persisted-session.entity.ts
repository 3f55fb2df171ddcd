import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * An MQTT session of a hub with durable sessions (`mqtt.maxSessionExpirySeconds` past Azure's 30 s),
 * as last written: its subscriptions and queued QoS 1/2 messages, so it outlives a restart and
 * resumes on any node. `nodeId` is the node that holds it in memory.
 */
@Entity({ name: 'mqtt_sessions' })
export class PersistedSessionEntity {
  @PrimaryColumn({ name: 'hub_key', type: 'varchar', length: 128 })
  hubKey: string;

  @PrimaryColumn({ name: 'client_id', type: 'varchar', length: 128 })
  clientId: string;

  @Column({ type: 'jsonb' })
  state: Record<string, unknown>;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'node_id', type: 'varchar', length: 64 })
  nodeId: string;
}
