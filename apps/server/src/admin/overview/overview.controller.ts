import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { OverviewSnapshot } from '@switchboard/protocol';
import { AdminAuthGuard } from '../admin-auth.guard';
import { ApiAdmin } from '../openapi/admin-api.decorator';
import { OverviewSnapshotDto } from './overview.dto';
import { OverviewService } from './overview.service';

@ApiAdmin('overview')
@Controller('admin/api/overview')
@UseGuards(AdminAuthGuard)
export class OverviewController {
  constructor(private readonly overview: OverviewService) {}

  @ApiOperation({ summary: 'Version, uptime, and per hub its connections, groups and recent traffic', description: 'The dashboard then follows it on the live channel (WebSocket at /admin/api/live).' })
  @ApiOkResponse({ type: OverviewSnapshotDto })
  @Get()
  snapshot(): OverviewSnapshot {
    return this.overview.snapshot();
  }
}
