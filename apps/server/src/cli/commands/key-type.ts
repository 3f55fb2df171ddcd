import { KEY_TYPES, type KeyType } from '@switchboard/protocol';
import { UsageError } from '../command';

export function checkKeyType(value: string): KeyType {
  if (!(KEY_TYPES as readonly string[]).includes(value)) {
    throw new UsageError(`"${value}" is not a key: say ${KEY_TYPES.join(' or ')}`);
  }
  return value as KeyType;
}
