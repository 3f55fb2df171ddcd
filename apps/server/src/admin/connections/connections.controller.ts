import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { ConnectionSummary, GroupSummary, Page } from '@switchboard/protocol';
import { Actor, actorName, type AdminActor } from '../admin-actor';
import { AdminAuthGuard } from '../admin-auth.guard';
import { AuditService } from '../audit.service';
import { AdminConnectionsService } from './admin-connections.service';
import { ApiAdmin } from '../openapi/admin-api.decorator';
import { ApiErrors } from '../openapi/error-responses';
import { CloseConnectionDto, ConnectionListDto, ConnectionPageDto, ConnectionsQueryDto, ConnectionSummaryDto, GroupPageDto, PageQueryDto } from './connections.dto';

const DEFAULT_CLOSE_REASON = 'Closed by an administrator.';
const BAD_HUB = 'The hub name is invalid.';
const BAD_HUB_OR_GROUP = 'The hub or group name is invalid.';
const NO_CONNECTION = 'The hub has no such connection.';

/** Live connections and groups of this node, and what an admin can do to them. */
@ApiAdmin('connections and groups')
@Controller('admin/api')
@UseGuards(AdminAuthGuard)
export class ConnectionsController {
  constructor(
    private readonly connections: AdminConnectionsService,
    private readonly audit: AuditService,
  ) {}

  @ApiOperation({ summary: 'Live connections on every node, filtered and paged', description: 'Oldest first.' })
  @ApiOkResponse({ type: ConnectionPageDto })
  @ApiErrors({ 400: 'A query parameter is invalid.' })
  @Get('connections')
  list(@Query() query: ConnectionsQueryDto): Promise<Page<ConnectionSummary>> {
    return this.connections.list(query);
  }

  @ApiOperation({ summary: 'One connection' })
  @ApiOkResponse({ type: ConnectionSummaryDto })
  @ApiErrors({ 400: BAD_HUB, 404: NO_CONNECTION })
  @Get('hubs/:hub/connections/:connectionId')
  get(@Param('hub') hub: string, @Param('connectionId') connectionId: string): Promise<ConnectionSummary> {
    return this.connections.get(hub, connectionId);
  }

  @ApiOperation({ summary: 'Close a connection, telling the client why' })
  @ApiNoContentResponse({ description: 'Closed.' })
  @ApiErrors({ 400: `${BAD_HUB} Or the reason is too long.`, 404: NO_CONNECTION })
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

  @ApiOperation({ summary: 'Add a connection to a group' })
  @ApiNoContentResponse({ description: 'The connection is in the group (also when it was before).' })
  @ApiErrors({ 400: BAD_HUB_OR_GROUP, 404: NO_CONNECTION })
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

  @ApiOperation({ summary: 'Remove a connection from a group' })
  @ApiNoContentResponse({ description: 'The connection is not in the group (also when it was not before).' })
  @ApiErrors({ 400: BAD_HUB_OR_GROUP, 404: NO_CONNECTION })
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

  @ApiOperation({ summary: 'Groups of a hub with their member counts, by name', description: 'A group exists while it has a member.' })
  @ApiOkResponse({ type: GroupPageDto })
  @ApiErrors({ 400: `${BAD_HUB} Or a query parameter is invalid.` })
  @Get('hubs/:hub/groups')
  groups(@Param('hub') hub: string, @Query() query: PageQueryDto): Promise<Page<GroupSummary>> {
    return this.connections.groups(hub, query.search, query.skip, query.top);
  }

  @ApiOperation({ summary: 'Members of a group' })
  @ApiOkResponse({ type: ConnectionListDto })
  @ApiErrors({ 400: BAD_HUB_OR_GROUP })
  @Get('hubs/:hub/groups/:group/connections')
  async members(@Param('hub') hub: string, @Param('group') group: string): Promise<{ value: ConnectionSummary[] }> {
    return { value: await this.connections.groupMembers(hub, group) };
  }

  /** Empties the group: every member leaves it. */
  @ApiOperation({ summary: 'Empty a group: every member leaves it' })
  @ApiNoContentResponse({ description: 'The group is empty.' })
  @ApiErrors({ 400: BAD_HUB_OR_GROUP })
  @Delete('hubs/:hub/groups/:group')
  @HttpCode(204)
  async clearGroup(@Param('hub') hub: string, @Param('group') group: string, @Actor() actor: AdminActor): Promise<void> {
    const removed = await this.connections.clearGroup(hub, group);
    await this.audit.record({ actor: actorName(actor), action: 'group.clear', target: `${hub}/${group}`, details: { removed } });
  }
}
