import { AdminSessionEntity } from '../admin/admin-session.entity';
import { AdminUserEntity } from '../admin/admin-user.entity';
import { AuditEntryEntity } from '../admin/audit-entry.entity';
import { HubEntity } from '../hubs/hub.entity';
import { AccessKeyEntity } from '../keys/access-key.entity';
import { PersistedSessionEntity } from '../mqtt/persistence/persisted-session.entity';
import { RetainedMessageEntity } from '../mqtt/retained/retained-message.entity';

export const ENTITIES = [HubEntity, AccessKeyEntity, AdminUserEntity, AdminSessionEntity, AuditEntryEntity, RetainedMessageEntity, PersistedSessionEntity];
