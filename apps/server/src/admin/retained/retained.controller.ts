import { Controller, Delete, Get, HttpCode, Param, ParseIntPipe, DefaultValuePipe, Query, UseGuards } from '@nestjs/common';
import type { RetainedPage } from '@switchboard/protocol';
import { InvalidArgumentError } from '../../http/api-errors';
import { Actor, type AdminActor } from '../admin-actor';
import { AdminAuthGuard } from '../admin-auth.guard';
import { AdminRetainedService } from './admin-retained.service';

const MAX_LIMIT = 1000;

/** Retained MQTT messages of a hub. Topics hold `/`, so a topic goes in the query, not the path. */
@Controller('admin/api/hubs/:hub/retained')
@UseGuards(AdminAuthGuard)
export class RetainedController {
  constructor(private readonly retained: AdminRetainedService) {}

  @Get()
  list(@Param('hub') hub: string, @Query('search') search: string | undefined, @Query('limit', new DefaultValuePipe(200), ParseIntPipe) limit: number): Promise<RetainedPage> {
    if (limit < 1 || limit > MAX_LIMIT) throw new InvalidArgumentError(`limit must be from 1 to ${MAX_LIMIT}`, 'limit');
    return this.retained.list(hub, search || undefined, limit);
  }

  @Delete()
  @HttpCode(204)
  remove(@Param('hub') hub: string, @Query('topic') topic: string | undefined, @Actor() actor: AdminActor): Promise<void> {
    if (!topic) throw new InvalidArgumentError('topic is required', 'topic');
    return this.retained.remove(hub, topic, actor);
  }
}
