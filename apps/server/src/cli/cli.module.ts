import { Global, Module, type DynamicModule } from '@nestjs/common';
import { AdminAccountsService } from '../admin/admin-accounts.service';
import { AdminSessionsService } from '../admin/admin-sessions.service';
import { AuditService } from '../admin/audit.service';
import { PasswordHashing } from '../admin/password-hashing';
import { ClusterPort } from '../cluster/cluster.port';
import type { AppConfig } from '../config/config';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import type { Database } from '../database/database.provider';
import { HubsModule } from '../hubs/hubs.module';
import { KeysModule } from '../keys/keys.module';
import { EventHandlerClient } from '../upstream/event-handler-client';
import { HandlerValidation } from '../upstream/handler-validation';
import type { ConfigAnnouncer } from './config-announcer';

/** Stands where the cluster module stands in the server, for the keys and hubs services. */
@Global()
@Module({})
class AnnouncerModule {
  static forRoot(announcer: ConfigAnnouncer): DynamicModule {
    return { module: AnnouncerModule, providers: [{ provide: ClusterPort, useValue: announcer }], exports: [ClusterPort] };
  }
}

/**
 * The server's own services for the admin CLI, and nothing that listens: no HTTP, no sockets, no
 * cluster membership. The admin services are listed one by one rather than through AdminModule,
 * which brings the controllers, the live gateway and the seeding of the first admin.
 */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig, database: Database, announcer: ConfigAnnouncer): DynamicModule {
    return {
      module: CliModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot(database), AnnouncerModule.forRoot(announcer), KeysModule, HubsModule],
      providers: [AdminAccountsService, AdminSessionsService, PasswordHashing, AuditService, EventHandlerClient, HandlerValidation],
    };
  }
}
