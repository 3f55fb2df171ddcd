import { Body, Controller, Delete, Get, HttpCode, Param, Put, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import type { HubResource } from '@switchboard/protocol';
import { HubSettingsDto } from '../hubs/hub-settings.dto';
import { HubsService } from '../hubs/hubs.service';
import { Actor, actorName, type AdminActor } from './admin-actor';
import { AdminAuthGuard } from './admin-auth.guard';
import { AuditService } from './audit.service';

/** Hub settings management, in the body shape of Azure's hub resource. */
@Controller('admin/api/hubs')
@UseGuards(AdminAuthGuard)
export class HubsController {
  constructor(
    private readonly hubs: HubsService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  async list(): Promise<{ value: HubResource[] }> {
    return { value: await this.hubs.list() };
  }

  @Get(':hub')
  get(@Param('hub') hub: string): Promise<HubResource> {
    return this.hubs.get(hub);
  }

  @Put(':hub')
  async put(
    @Param('hub') hub: string,
    @Body() body: HubSettingsDto,
    @Actor() actor: AdminActor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<HubResource> {
    const { hub: saved, created } = await this.hubs.put(hub, body.properties);
    await this.audit.record({ actor: actorName(actor), action: created ? 'hub.create' : 'hub.update', target: saved.name, details: { properties: saved.properties } });
    response.status(created ? 201 : 200);
    return saved;
  }

  @Delete(':hub')
  @HttpCode(204)
  async remove(@Param('hub') hub: string, @Actor() actor: AdminActor): Promise<void> {
    if (await this.hubs.remove(hub)) await this.audit.record({ actor: actorName(actor), action: 'hub.delete', target: hub });
  }
}
