import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import {
  BROADCAST_DATA_TYPES,
  BROADCAST_TARGETS,
  MAX_BROADCAST_DATA_CHARS,
  MAX_FILTER_LENGTH,
  type BroadcastBody,
  type BroadcastDataType,
  type BroadcastTargetKind,
} from '@switchboard/protocol';

/** Field types here; the rules between fields are `broadcastProblems`, shared with the composer. */
export class BroadcastDto implements BroadcastBody {
  @ApiProperty({ maxLength: 128, example: 'chat' })
  @IsString()
  @MaxLength(128)
  hub: string;

  @ApiProperty({ enum: [...BROADCAST_TARGETS], description: 'The whole hub, or one group, user or connection of it.' })
  @IsIn(BROADCAST_TARGETS)
  target: BroadcastTargetKind;

  @ApiPropertyOptional({ maxLength: 1024, description: 'Group name, user id or connection id; absent for the whole hub.' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  to?: string;

  @ApiProperty({ enum: [...BROADCAST_DATA_TYPES] })
  @IsIn(BROADCAST_DATA_TYPES)
  dataType: BroadcastDataType;

  @ApiProperty({ maxLength: MAX_BROADCAST_DATA_CHARS, description: 'Text, JSON text, or base64 for binary.', example: 'hello' })
  @IsString()
  @MaxLength(MAX_BROADCAST_DATA_CHARS)
  data: string;

  @ApiPropertyOptional({ type: [String], maxItems: 1000, description: 'Connection ids that must not receive it (hub and group targets).' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @MaxLength(256, { each: true })
  excluded?: string[];

  @ApiPropertyOptional({ maxLength: MAX_FILTER_LENGTH, description: 'OData filter, as REST\'s `filter` (hub, group and user targets).', example: "'vip' in groups" })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_FILTER_LENGTH)
  filter?: string;
}
