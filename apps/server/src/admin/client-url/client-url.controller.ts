import { Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { ClientUrlResponse } from '@switchboard/protocol';
import { Actor, actorName, type AdminActor } from '../admin-actor';
import { AdminAuthGuard } from '../admin-auth.guard';
import { AuditService } from '../audit.service';
import { ApiAdmin } from '../openapi/admin-api.decorator';
import { ApiErrors } from '../openapi/error-responses';
import { ClientUrlDto, ClientUrlResponseDto } from './client-url.dto';
import { ClientUrlService } from './client-url.service';

@ApiAdmin('client URLs')
@Controller('admin/api/hubs/:hub/client-url')
@UseGuards(AdminAuthGuard)
export class ClientUrlController {
  constructor(
    private readonly clientUrls: ClientUrlService,
    private readonly audit: AuditService,
  ) {}

  /** POST, not GET: it mints a credential, so it takes the CSRF token and is audited (never the token itself). */
  @ApiOperation({ summary: 'Issue a client access URL for a hub', description: "The portal's Client URL generator: a token signed with the primary key, as GenerateClientToken issues." })
  @ApiOkResponse({ type: ClientUrlResponseDto })
  @ApiErrors({ 400: 'An invalid hub or group name, or a field out of range.' })
  @Post()
  @HttpCode(200)
  async issue(@Param('hub') hub: string, @Body() body: ClientUrlDto, @Actor() actor: AdminActor): Promise<ClientUrlResponse> {
    const issued = this.clientUrls.issue(hub, body);
    const { userId, roles, groups, minutesToExpire, protocol } = body;
    await this.audit.record({ actor: actorName(actor), action: 'token.issue', target: hub, details: { userId, roles, groups, minutesToExpire, protocol } });
    return issued;
  }
}
