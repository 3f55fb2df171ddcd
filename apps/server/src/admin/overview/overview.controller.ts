import { Controller, Get, UseGuards } from '@nestjs/common';
import type { OverviewSnapshot } from '@switchboard/protocol';
import { AdminAuthGuard } from '../admin-auth.guard';
import { OverviewService } from './overview.service';

@Controller('admin/api/overview')
@UseGuards(AdminAuthGuard)
export class OverviewController {
  constructor(private readonly overview: OverviewService) {}

  @Get()
  snapshot(): OverviewSnapshot {
    return this.overview.snapshot();
  }
}
