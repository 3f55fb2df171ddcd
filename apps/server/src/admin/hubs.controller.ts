import { Body, Controller, Delete, Get, HttpCode, Param, Put, Res, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import type { HubResource } from '@switchboard/protocol';
import { HubSettingsDto } from '../hubs/hub-settings.dto';
import { HubsService } from '../hubs/hubs.service';
import { HandlerValidation } from '../upstream/handler-validation';
import { Actor, actorName, type AdminActor } from './admin-actor';
import { AdminAuthGuard } from './admin-auth.guard';
import { AuditService } from './audit.service';
import { HubListDto, HubResourceDto } from './hubs.dto';
import { ApiAdmin } from './openapi/admin-api.decorator';
import { ApiErrors } from './openapi/error-responses';

const BAD_HUB = 'The hub name is invalid.';

/**
 * Hub settings management, in the body shape of Azure's hub resource. Saving event handlers
 * probes them for abuse protection (spec/upstream-events.md §2); a handler that fails is stored
 * anyway and reported invalid in `eventHandlerStatus`, and receives no events.
 */
@ApiAdmin('hubs')
@Controller('admin/api/hubs')
@UseGuards(AdminAuthGuard)
export class HubsController {
  constructor(
    private readonly hubs: HubsService,
    private readonly audit: AuditService,
    private readonly handlerValidation: HandlerValidation,
  ) {}

  @ApiOperation({ summary: 'The hubs with stored settings' })
  @ApiOkResponse({ type: HubListDto })
  @Get()
  async list(): Promise<{ value: HubResource[] }> {
    return { value: (await this.hubs.list()).map((hub) => this.withStatus(hub)) };
  }

  @ApiOperation({ summary: "A hub's settings", description: 'A hub nobody configured answers its defaults, with `stored: false`.' })
  @ApiOkResponse({ type: HubResourceDto })
  @ApiErrors({ 400: BAD_HUB })
  @Get(':hub')
  async get(@Param('hub') hub: string): Promise<HubResource> {
    return this.withStatus(await this.hubs.get(hub));
  }

  @ApiOperation({
    summary: "Create or replace a hub's settings",
    description: 'Omitted properties return to their defaults. Event handlers are probed for abuse protection; one that fails is stored anyway, reported `invalid`, and gets no events.',
  })
  @ApiOkResponse({ type: HubResourceDto, description: 'Replaced.' })
  @ApiCreatedResponse({ type: HubResourceDto, description: 'Created.' })
  @ApiErrors({ 400: `${BAD_HUB} Or a setting is unknown or invalid (\`target\` names it).` })
  @Put(':hub')
  async put(
    @Param('hub') hub: string,
    @Body() body: HubSettingsDto,
    @Actor() actor: AdminActor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<HubResource> {
    const { hub: saved, created } = await this.hubs.put(hub, body.properties);
    await this.audit.record({ actor: actorName(actor), action: created ? 'hub.create' : 'hub.update', target: saved.name, details: { properties: saved.properties } });
    const status = await this.handlerValidation.validateHub(saved.name, saved.properties.eventHandlers);
    response.status(created ? 201 : 200);
    return status.length === 0 ? saved : { ...saved, eventHandlerStatus: status };
  }

  @ApiOperation({ summary: "Delete a hub's stored settings", description: 'The hub goes back to the defaults; its connections stay.' })
  @ApiNoContentResponse({ description: 'Deleted (also when nothing was stored).' })
  @ApiErrors({ 400: BAD_HUB })
  @Delete(':hub')
  @HttpCode(204)
  async remove(@Param('hub') hub: string, @Actor() actor: AdminActor): Promise<void> {
    const removed = await this.hubs.remove(hub);
    this.handlerValidation.forgetHub(hub);
    if (removed) await this.audit.record({ actor: actorName(actor), action: 'hub.delete', target: hub });
  }

  private withStatus(hub: HubResource): HubResource {
    const handlers = hub.properties.eventHandlers;
    return handlers.length === 0 ? hub : { ...hub, eventHandlerStatus: this.handlerValidation.status(hub.name, handlers) };
  }
}
