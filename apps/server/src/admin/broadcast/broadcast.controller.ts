import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { Actor, actorName, type AdminActor } from '../admin-actor';
import { AdminAuthGuard } from '../admin-auth.guard';
import { AuditService } from '../audit.service';
import { BroadcastDto } from './broadcast.dto';
import { BroadcastService } from './broadcast.service';

@Controller('admin/api/broadcast')
@UseGuards(AdminAuthGuard)
export class BroadcastController {
  constructor(
    private readonly broadcast: BroadcastService,
    private readonly audit: AuditService,
  ) {}

  /** 202 as REST's send: accepted for delivery to whoever matches now. */
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
