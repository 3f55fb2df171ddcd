import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { HubProperties } from '@switchboard/protocol';

/** A hub somebody configured. Hubs without a row still work with Azure's defaults. */
@Entity({ name: 'hubs' })
export class HubEntity {
  /** Lower-cased name: hubs are matched case-insensitively. */
  @PrimaryColumn({ name: 'hub_key', type: 'varchar', length: 128 })
  hubKey: string;

  @Column({ type: 'varchar', length: 128 })
  name: string;

  @Column({ type: 'jsonb' })
  settings: HubProperties;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
