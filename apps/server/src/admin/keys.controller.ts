import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { AccessKeysResponse } from '@switchboard/protocol';
import { KeysService } from '../keys/keys.service';
import { Actor, actorName, type AdminActor } from './admin-actor';
import { AdminAuthGuard } from './admin-auth.guard';
import { AuditService } from './audit.service';
import { AccessKeysDto, RegenerateKeyDto } from './keys.dto';
import { ApiAdmin } from './openapi/admin-api.decorator';
import { ApiErrors } from './openapi/error-responses';

@ApiAdmin('keys')
@Controller('admin/api/keys')
@UseGuards(AdminAuthGuard)
export class KeysController {
  constructor(
    private readonly keys: KeysService,
    private readonly audit: AuditService,
  ) {}

  @ApiOperation({ summary: 'The access keys and their connection strings' })
  @ApiOkResponse({ type: AccessKeysDto })
  @Get()
  list(): AccessKeysResponse {
    return this.keys.describe();
  }

  /** The old key stops working at once, as in Azure; the other key keeps clients running meanwhile. */
  @ApiOperation({ summary: 'Regenerate one access key', description: 'Tokens signed with the old key stop working at once.' })
  @ApiOkResponse({ type: AccessKeysDto, description: 'The keys after the change.' })
  @ApiErrors({ 400: '`keyType` is not `primary` or `secondary`.' })
  @Post('regenerate')
  @HttpCode(200)
  async regenerate(@Body() body: RegenerateKeyDto, @Actor() actor: AdminActor): Promise<AccessKeysResponse> {
    const keys = await this.keys.regenerate(body.keyType);
    await this.audit.record({ actor: actorName(actor), action: 'key.regenerate', target: body.keyType });
    return keys;
  }
}
