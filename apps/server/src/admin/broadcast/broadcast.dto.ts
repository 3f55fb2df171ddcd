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
  @IsString()
  @MaxLength(128)
  hub: string;

  @IsIn(BROADCAST_TARGETS)
  target: BroadcastTargetKind;

  @IsOptional()
  @IsString()
  @MaxLength(1024)
  to?: string;

  @IsIn(BROADCAST_DATA_TYPES)
  dataType: BroadcastDataType;

  @IsString()
  @MaxLength(MAX_BROADCAST_DATA_CHARS)
  data: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @MaxLength(256, { each: true })
  excluded?: string[];

  @IsOptional()
  @IsString()
  @MaxLength(MAX_FILTER_LENGTH)
  filter?: string;
}
