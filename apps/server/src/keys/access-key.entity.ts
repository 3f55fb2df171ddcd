import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { KeyType } from '@switchboard/protocol';

/** The service's two access keys; both sign and verify tokens, either can be regenerated. */
@Entity({ name: 'access_keys' })
export class AccessKeyEntity {
  @PrimaryColumn({ name: 'key_type', type: 'varchar', length: 16 })
  keyType: KeyType;

  @Column({ type: 'varchar', length: 256 })
  value: string;

  @Column({ name: 'rotated_at', type: 'timestamptz' })
  rotatedAt: Date;
}
