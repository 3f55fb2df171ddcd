import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A topic's retained message (MQTT 5.0 §3.3.1.3), on a hub with `mqtt.retainedMessages`. */
@Entity({ name: 'mqtt_retained_messages' })
export class RetainedMessageEntity {
  @PrimaryColumn({ name: 'hub_key', type: 'varchar', length: 128 })
  hubKey: string;

  @PrimaryColumn({ type: 'varchar', length: 1024 })
  topic: string;

  @Column({ type: 'bytea' })
  payload: Buffer;

  @Column({ type: 'smallint' })
  qos: number;

  /** v5 properties as published, correlation data as `{$b: base64}`; null from a 3.1.1 publisher. */
  @Column({ type: 'jsonb', nullable: true })
  properties: Record<string, unknown> | null;

  @Column({ name: 'stored_at', type: 'timestamptz' })
  storedAt: Date;
}
