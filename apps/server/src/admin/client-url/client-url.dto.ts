import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { CLIENT_URL_PROTOCOLS, MAX_CLIENT_TOKEN_MINUTES, type ClientUrlBody, type ClientUrlProtocol, type ClientUrlResponse } from '@switchboard/protocol';

export class ClientUrlDto implements ClientUrlBody {
  @ApiPropertyOptional({ minLength: 1, maxLength: 1024, description: 'The `sub` claim: the user the client connects as.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  userId?: string;

  @ApiPropertyOptional({ type: [String], maxItems: 64, example: ['webpubsub.joinLeaveGroup', 'webpubsub.sendToGroup'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(64)
  @IsString({ each: true })
  @MaxLength(1024, { each: true })
  roles?: string[];

  @ApiPropertyOptional({ type: [String], maxItems: 64, description: 'Groups the connection joins on connect.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(64)
  @IsString({ each: true })
  @MaxLength(1024, { each: true })
  groups?: string[];

  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_CLIENT_TOKEN_MINUTES, example: 60 })
  @IsInt()
  @Min(1)
  @Max(MAX_CLIENT_TOKEN_MINUTES)
  minutesToExpire: number;

  @ApiProperty({ enum: [...CLIENT_URL_PROTOCOLS], description: '`native` for Web PubSub clients, `mqtt` for MQTT over WebSocket.' })
  @IsIn(CLIENT_URL_PROTOCOLS)
  protocol: ClientUrlProtocol;
}

export class ClientUrlResponseDto implements ClientUrlResponse {
  @ApiProperty({ description: 'The WebSocket URL with `access_token` in its query, ready for a client.' })
  url: string;

  @ApiProperty()
  token: string;

  @ApiProperty({ format: 'date-time', description: 'When the token stops working.' })
  expiresAt: string;
}
