import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import type { ConnectionSummary, GroupSummary, Page } from '@switchboard/protocol';
import { Actor, actorName, type AdminActor } from '../admin-actor';
import { AdminAuthGuard } from '../admin-auth.guard';
import { AuditService } from '../audit.service';
import { AdminConnectionsService } from './admin-connections.service';
import { CloseConnectionDto, ConnectionsQueryDto, PageQueryDto } from './connections.dto';

const DEFAULT_CLOSE_REASON = 'Closed by an administrator.';

/** Live connections and groups of this node, and what an admin can do to them. */
@Controller('admin/api')
@UseGuards(AdminAuthGuard)
export class ConnectionsController {
  constructor(
    private readonly connections: AdminConnectionsService,
    private readonly audit: AuditService,
  ) {}

  @Get('connections')
  list(@Query() query: ConnectionsQueryDto): Promise<Page<ConnectionSummary>> {
    return this.connections.list(query);
  }

  @Get('hubs/:hub/connections/:connectionId')
  get(@Param('hub') hub: string, @Param('connectionId') connectionId: string): Promise<ConnectionSummary> {
    return this.connections.get(hub, connectionId);
  }

  @Post('hubs/:hub/connections/:connectionId/close')
  @HttpCode(204)
  async close(
    @Param('hub') hub: string,
    @Param('connectionId') connectionId: string,
    @Body() body: CloseConnectionDto,
    @Actor() actor: AdminActor,
  ): Promise<void> {
    const reason = body.reason?.trim() || DEFAULT_CLOSE_REASON;
    await this.connections.close(hub, connectionId, reason);
    await this.audit.record({ actor: actorName(actor), action: 'connection.close', target: `${hub}/${connectionId}`, details: { reason } });
  }

  @Put('hubs/:hub/connections/:connectionId/groups/:group')
  @HttpCode(204)
  async addToGroup(
    @Param('hub') hub: string,
    @Param('connectionId') connectionId: string,
    @Param('group') group: string,
    @Actor() actor: AdminActor,
  ): Promise<void> {
    await this.connections.addToGroup(hub, connectionId, group);
    await this.audit.record({ actor: actorName(actor), action: 'group.add', target: `${hub}/${connectionId}`, details: { group } });
  }

  @Delete('hubs/:hub/connections/:connectionId/groups/:group')
  @HttpCode(204)
  async removeFromGroup(
    @Param('hub') hub: string,
    @Param('connectionId') connectionId: string,
    @Param('group') group: string,
    @Actor() actor: AdminActor,
  ): Promise<void> {
    await this.connections.removeFromGroup(hub, connectionId, group);
    await this.audit.record({ actor: actorName(actor), action: 'group.remove', target: `${hub}/${connectionId}`, details: { group } });
  }

  @Get('hubs/:hub/groups')
  groups(@Param('hub') hub: string, @Query() query: PageQueryDto): Promise<Page<GroupSummary>> {
    return this.connections.groups(hub, query.search, query.skip, query.top);
  }

  @Get('hubs/:hub/groups/:group/connections')
  async members(@Param('hub') hub: string, @Param('group') group: string): Promise<{ value: ConnectionSummary[] }> {
    return { value: await this.connections.groupMembers(hub, group) };
  }

  /** Empties the group: every member leaves it. */
  @Delete('hubs/:hub/groups/:group')
  @HttpCode(204)
  async clearGroup(@Param('hub') hub: string, @Param('group') group: string, @Actor() actor: AdminActor): Promise<void> {
    const removed = await this.connections.clearGroup(hub, group);
    await this.audit.record({ actor: actorName(actor), action: 'group.clear', target: `${hub}/${group}`, details: { removed } });
  }
}
