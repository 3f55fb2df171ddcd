import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import {
  DEFAULT_PAGE_TOP,
  MAX_CLOSE_REASON_LENGTH,
  MAX_PAGE_TOP,
  type CloseConnectionBody,
  type ConnectionKind,
  type ConnectionsQuery,
  type ConnectionSummary,
  type GroupSummary,
  type Page,
} from '@switchboard/protocol';

const CONNECTION_KINDS: ConnectionKind[] = ['native', 'mqtt'];

/** Query of GET /admin/api/connections and the group lists: paging and filters. */
export class PageQueryDto {
  @ApiPropertyOptional({ maxLength: 256, description: 'Case-insensitive text to look for.' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  search?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_TOP, default: DEFAULT_PAGE_TOP })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_TOP)
  top?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  skip?: number;
}

export class ConnectionsQueryDto extends PageQueryDto implements ConnectionsQuery {
  @ApiPropertyOptional({ maxLength: 128 })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  hub?: string;

  @ApiPropertyOptional({ maxLength: 1024, description: 'Only members of this group.' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  group?: string;

  @ApiPropertyOptional({ enum: CONNECTION_KINDS })
  @IsOptional()
  @IsIn(CONNECTION_KINDS)
  kind?: ConnectionKind;
}

export class CloseConnectionDto implements CloseConnectionBody {
  @ApiPropertyOptional({ maxLength: MAX_CLOSE_REASON_LENGTH, description: 'What the client is told; a default when absent or blank.' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_CLOSE_REASON_LENGTH)
  reason?: string;
}

export class ConnectionSummaryDto implements ConnectionSummary {
  @ApiProperty({ description: 'Hub key (the hub name lower-cased).', example: 'chat' })
  hub: string;

  @ApiProperty()
  connectionId: string;

  @ApiProperty({ type: String, nullable: true })
  userId: string | null;

  @ApiProperty({ enum: CONNECTION_KINDS })
  kind: ConnectionKind;

  @ApiProperty({ description: 'Subprotocol or MQTT version.', example: 'json.webpubsub.azure.v1' })
  protocol: string;

  @ApiProperty({ type: [String] })
  groups: string[];

  @ApiProperty({ type: String, nullable: true })
  remoteAddress: string | null;

  @ApiProperty({ format: 'date-time' })
  connectedAt: string;

  @ApiProperty({ type: 'integer' })
  messagesIn: number;

  @ApiProperty({ type: 'integer' })
  bytesIn: number;

  @ApiProperty({ type: 'integer' })
  messagesOut: number;

  @ApiProperty({ type: 'integer' })
  bytesOut: number;
}

export class ConnectionPageDto implements Page<ConnectionSummary> {
  @ApiProperty({ type: () => [ConnectionSummaryDto] })
  value: ConnectionSummaryDto[];

  @ApiProperty({ type: 'integer', description: 'How many match in all.' })
  total: number;
}

export class ConnectionListDto {
  @ApiProperty({ type: () => [ConnectionSummaryDto] })
  value: ConnectionSummaryDto[];
}

export class GroupSummaryDto implements GroupSummary {
  @ApiProperty()
  name: string;

  @ApiProperty({ type: 'integer', description: 'Connections in it, on every node.' })
  members: number;
}

export class GroupPageDto implements Page<GroupSummary> {
  @ApiProperty({ type: () => [GroupSummaryDto] })
  value: GroupSummaryDto[];

  @ApiProperty({ type: 'integer', description: 'How many match in all.' })
  total: number;
}
