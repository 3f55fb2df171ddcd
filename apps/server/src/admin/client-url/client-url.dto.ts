import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { CLIENT_URL_PROTOCOLS, MAX_CLIENT_TOKEN_MINUTES, type ClientUrlBody, type ClientUrlProtocol } from '@switchboard/protocol';

export class ClientUrlDto implements ClientUrlBody {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  userId?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(64)
  @IsString({ each: true })
  @MaxLength(1024, { each: true })
  roles?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(64)
  @IsString({ each: true })
  @MaxLength(1024, { each: true })
  groups?: string[];

  @IsInt()
  @Min(1)
  @Max(MAX_CLIENT_TOKEN_MINUTES)
  minutesToExpire: number;

  @IsIn(CLIENT_URL_PROTOCOLS)
  protocol: ClientUrlProtocol;
}
