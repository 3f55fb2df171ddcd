import { Controller, DefaultValuePipe, Get, ParseIntPipe, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery } from '@nestjs/swagger';
import { AdminAuthGuard } from './admin-auth.guard';
import { AuditPageDto } from './audit.dto';
import { AuditService } from './audit.service';
import { ApiAdmin } from './openapi/admin-api.decorator';
import { ApiErrors } from './openapi/error-responses';

@ApiAdmin('audit')
@Controller('admin/api/audit')
@UseGuards(AdminAuthGuard)
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @ApiOperation({ summary: 'The latest changes made through the management API' })
  @ApiQuery({ name: 'top', required: false, description: 'How many entries, newest first; kept within 1 to 1000.', schema: { type: 'integer', default: 100 } })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiErrors({ 400: '`top` is not an integer.' })
  @Get()
  async latest(@Query('top', new DefaultValuePipe(100), ParseIntPipe) top: number): Promise<AuditPageDto> {
    const entries = await this.audit.latest(Math.min(Math.max(top, 1), 1000));
    return { value: entries.map(({ id, at, actor, action, target, details }) => ({ id, at, actor, action, target, details })) };
  }
}
