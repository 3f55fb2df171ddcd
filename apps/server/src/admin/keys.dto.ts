import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { KEY_TYPES, type AccessKeysResponse, type KeyType, type RegenerateKeyBody } from '@switchboard/protocol';

export class RegenerateKeyDto implements RegenerateKeyBody {
  @ApiProperty({ enum: KEY_TYPES })
  @IsIn(KEY_TYPES)
  keyType: KeyType;
}

/** As Azure's listKeys answers. */
export class AccessKeysDto implements AccessKeysResponse {
  @ApiProperty()
  primaryKey: string;

  @ApiProperty()
  secondaryKey: string;

  @ApiProperty({ description: 'For the Azure SDKs: `Endpoint=...;AccessKey=...;Version=1.0;`' })
  primaryConnectionString: string;

  @ApiProperty({ description: 'For the Azure SDKs: `Endpoint=...;AccessKey=...;Version=1.0;`' })
  secondaryConnectionString: string;
}
