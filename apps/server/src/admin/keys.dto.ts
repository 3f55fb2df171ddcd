import { IsIn } from 'class-validator';
import { KEY_TYPES, type KeyType, type RegenerateKeyBody } from '@switchboard/protocol';

export class RegenerateKeyDto implements RegenerateKeyBody {
  @IsIn(KEY_TYPES)
  keyType: KeyType;
}
