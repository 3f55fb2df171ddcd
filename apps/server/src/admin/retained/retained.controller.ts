import { Controller, Delete, Get, HttpCode, Param, ParseIntPipe, DefaultValuePipe, Query, UseGuards } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiQuery } from '@nestjs/swagger';
import type { RetainedPage } from '@switchboard/protocol';
import { InvalidArgumentError } from '../../http/api-errors';
import { Actor, type AdminActor } from '../admin-actor';
import { AdminAuthGuard } from '../admin-auth.guard';
import { ApiAdmin } from '../openapi/admin-api.decorator';
import { ApiErrors } from '../openapi/error-responses';
import { AdminRetainedService } from './admin-retained.service';
import { RetainedPageDto } from './retained.dto';

const MAX_LIMIT = 1000;

/** Retained MQTT messages of a hub. Topics hold `/`, so a topic goes in the query, not the path. */
@ApiAdmin('retained messages')
@Controller('admin/api/hubs/:hub/retained')
@UseGuards(AdminAuthGuard)
export class RetainedController {
  constructor(private readonly retained: AdminRetainedService) {}

  @ApiOperation({ summary: "A hub's retained MQTT messages, by topic" })
  @ApiQuery({ name: 'search', required: false, type: String, description: 'Text the topic contains.' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: 200 } })
  @ApiOkResponse({ type: RetainedPageDto })
  @ApiErrors({ 400: 'The hub name is invalid, or `limit` is not an integer from 1 to 1000.' })
  @Get()
  list(@Param('hub') hub: string, @Query('search') search: string | undefined, @Query('limit', new DefaultValuePipe(200), ParseIntPipe) limit: number): Promise<RetainedPage> {
    if (limit < 1 || limit > MAX_LIMIT) throw new InvalidArgumentError(`limit must be from 1 to ${MAX_LIMIT}`, 'limit');
    return this.retained.list(hub, search || undefined, limit);
  }

  @ApiOperation({ summary: 'Delete the retained message of one topic' })
  @ApiQuery({ name: 'topic', required: true, type: String, description: 'In the query, since topics hold `/`.', example: 'sensors/kitchen/temperature' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiErrors({ 400: 'The hub name is invalid, or `topic` is missing.', 404: 'The hub has no retained message on that topic.' })
  @Delete()
  @HttpCode(204)
  remove(@Param('hub') hub: string, @Query('topic') topic: string | undefined, @Actor() actor: AdminActor): Promise<void> {
    if (!topic) throw new InvalidArgumentError('topic is required', 'topic');
    return this.retained.remove(hub, topic, actor);
  }
}
