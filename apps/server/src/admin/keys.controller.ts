import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import type { AccessKeysResponse } from '@switchboard/protocol';
import { KeysService } from '../keys/keys.service';
import { Actor, actorName, type AdminActor } from './admin-actor';
import { AdminAuthGuard } from './admin-auth.guard';
import { AuditService } from './audit.service';
import { RegenerateKeyDto } from './keys.dto';

@Controller('admin/api/keys')
@UseGuards(AdminAuthGuard)
export class KeysController {
  constructor(
    private readonly keys: KeysService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  list(): AccessKeysResponse {
    return this.keys.describe();
  }

  /** The old key stops working at once, as in Azure; the other key keeps clients running meanwhile. */
  @Post('regenerate')
  @HttpCode(200)
  async regenerate(@Body() body: RegenerateKeyDto, @Actor() actor: AdminActor): Promise<AccessKeysResponse> {
    const keys = await this.keys.regenerate(body.keyType);
    await this.audit.record({ actor: actorName(actor), action: 'key.regenerate', target: body.keyType });
    return keys;
  }
}
