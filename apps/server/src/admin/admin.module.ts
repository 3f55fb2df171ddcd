import { Module } from '@nestjs/common';
import { HubsModule } from '../hubs/hubs.module';
import { KeysModule } from '../keys/keys.module';
import { AdminAccountsService } from './admin-accounts.service';
import { AdminAuthGuard } from './admin-auth.guard';
import { AdminSessionsService } from './admin-sessions.service';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { HubsController } from './hubs.controller';
import { KeysController } from './keys.controller';
import { SessionController } from './session.controller';

@Module({
  imports: [HubsModule, KeysModule],
  controllers: [SessionController, HubsController, KeysController, AuditController],
  providers: [AdminAccountsService, AdminSessionsService, AuditService, AdminAuthGuard],
  exports: [AdminAccountsService, AuditService],
})
export class AdminModule {
  constructor(private readonly accounts: AdminAccountsService) {}

  async onModuleInit(): Promise<void> {
    await this.accounts.seed();
  }
}
