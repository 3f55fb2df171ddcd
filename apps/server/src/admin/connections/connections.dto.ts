import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_CLOSE_REASON_LENGTH, MAX_PAGE_TOP, type CloseConnectionBody, type ConnectionKind, type ConnectionsQuery } from '@switchboard/protocol';

/** Query of GET /admin/api/connections and the group lists: paging and filters. */
export class PageQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(256)
  search?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_TOP)
  top?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  skip?: number;
}

export class ConnectionsQueryDto extends PageQueryDto implements ConnectionsQuery {
  @IsOptional()
  @IsString()
  @MaxLength(128)
  hub?: string;

  @IsOptional()
  @IsString()
  @MaxLength(1024)
  group?: string;

  @IsOptional()
  @IsIn(['native', 'mqtt'])
  kind?: ConnectionKind;
}

export class CloseConnectionDto implements CloseConnectionBody {
  @IsOptional()
  @IsString()
  @MaxLength(MAX_CLOSE_REASON_LENGTH)
  reason?: string;
}
