import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation } from '@nestjs/swagger';
import { Actor, actorName, type AdminActor } from '../admin-actor';
import { AdminAuthGuard } from '../admin-auth.guard';
import { AuditService } from '../audit.service';
import { BroadcastDto } from './broadcast.dto';
import { BroadcastService } from './broadcast.service';
import { ApiAdmin } from '../openapi/admin-api.decorator';
import { ApiErrors } from '../openapi/error-responses';

@ApiAdmin('broadcast')
@Controller('admin/api/broadcast')
@UseGuards(AdminAuthGuard)
export class BroadcastController {
  constructor(
    private readonly broadcast: BroadcastService,
    private readonly audit: AuditService,
  ) {}

  /** 202 as REST's send: accepted for delivery to whoever matches now. */
  @ApiOperation({ summary: 'Send a message to a hub, group, user or connection', description: 'Delivered as a REST send is, to whoever matches when it arrives.' })
  @ApiAcceptedResponse({ description: 'Accepted for delivery.' })
  @ApiErrors({ 400: 'A field is missing or invalid: a bad hub or group name, JSON that does not parse, base64 that does not decode, or a filter that does not parse (code `InvalidFilter`).' })
  @Post()
  @HttpCode(202)
  async send(@Body() body: BroadcastDto, @Actor() actor: AdminActor): Promise<void> {
    this.broadcast.send(body);
    const target = body.target === 'hub' ? body.hub : `${body.hub}/${body.target}:${body.to}`;
    await this.audit.record({
      actor: actorName(actor),
      action: 'message.broadcast',
      target,
      // The payload itself stays out of the audit log: it may hold anything.
      details: { dataType: body.dataType, chars: body.data.length, excluded: body.excluded?.length ?? 0, filter: body.filter || undefined },
    });
  }
}
