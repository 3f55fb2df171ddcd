import { Controller, DefaultValuePipe, Get, ParseIntPipe, Query, UseGuards } from '@nestjs/common';
import { AdminAuthGuard } from './admin-auth.guard';
import { AuditService } from './audit.service';

@Controller('admin/api/audit')
@UseGuards(AdminAuthGuard)
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  async latest(@Query('top', new DefaultValuePipe(100), ParseIntPipe) top: number) {
    const entries = await this.audit.latest(Math.min(Math.max(top, 1), 1000));
    return { value: entries.map(({ id, at, actor, action, target, details }) => ({ id, at, actor, action, target, details })) };
  }
}
