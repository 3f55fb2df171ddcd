import { randomBytes } from 'node:crypto';

/** Unique, unguessable, URL- and header-safe, the length of Azure's ids. */
export function newConnectionId(): string {
  return randomBytes(18).toString('base64url');
}
