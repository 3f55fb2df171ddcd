/** Shapes of the key management API, as Azure's listKeys answers. */
export const KEY_TYPES = ['primary', 'secondary'] as const;
export type KeyType = (typeof KEY_TYPES)[number];

export interface AccessKeysResponse {
  primaryKey: string;
  secondaryKey: string;
  primaryConnectionString: string;
  secondaryConnectionString: string;
}

export interface RegenerateKeyBody {
  keyType: KeyType;
}
