import { Module } from '@nestjs/common';
import { HubsModule } from '../hubs/hubs.module';
import { KeysModule } from '../keys/keys.module';
import { RetainedModule } from '../mqtt/retained/retained.module';
import { AdminAccountsService } from './admin-accounts.service';
import { AdminAuthGuard } from './admin-auth.guard';
import { AdminLoginService } from './admin-login.service';
import { LoginThrottle } from './login-throttle';
import { PasswordHashing } from './password-hashing';
import { AdminSessionsService } from './admin-sessions.service';
import { AuditController } from './audit.controller';
import { BroadcastController } from './broadcast/broadcast.controller';
import { BroadcastService } from './broadcast/broadcast.service';
import { ClientUrlController } from './client-url/client-url.controller';
import { ClientUrlService } from './client-url/client-url.service';
import { AdminConnectionsService } from './connections/admin-connections.service';
import { ConnectionsController } from './connections/connections.controller';
import { LiveAdmission, LiveGateway } from './live/live.gateway';
import { NodesController } from './nodes/nodes.controller';
import { HubTrafficSampler } from './overview/hub-traffic-sampler';
import { OverviewController } from './overview/overview.controller';
import { OverviewService } from './overview/overview.service';
import { AdminRetainedService } from './retained/admin-retained.service';
import { RetainedController } from './retained/retained.controller';
import { AuditService } from './audit.service';
import { HubsController } from './hubs.controller';
import { KeysController } from './keys.controller';
import { SessionController } from './session.controller';

@Module({
  imports: [HubsModule, KeysModule, RetainedModule],
  controllers: [
    SessionController,
    HubsController,
    KeysController,
    AuditController,
    ConnectionsController,
    BroadcastController,
    OverviewController,
    ClientUrlController,
    NodesController,
    RetainedController,
  ],
  providers: [
    AdminAccountsService,
    PasswordHashing,
    LoginThrottle,
    AdminLoginService,
    AdminSessionsService,
    AuditService,
    AdminAuthGuard,
    AdminConnectionsService,
    BroadcastService,
    HubTrafficSampler,
    OverviewService,
    ClientUrlService,
    LiveAdmission,
    LiveGateway,
    AdminRetainedService,
  ],
  exports: [AdminAccountsService, AuditService],
})
export class AdminModule {
  constructor(private readonly accounts: AdminAccountsService) {}

  async onModuleInit(): Promise<void> {
    await this.accounts.seed();
  }
}
