/** Errors carried by `ack` frames (spec/client-protocols.md §5). */

/**
 * `Forbidden`, `Duplicate`, `InternalServerError` and `BadRequest` are the ones Switchboard
 * sends (`BadRequest` is the spec's unconfirmed name for an invalid group name or payload);
 * `NotFound` and `Timeout` are listed by Azure's JSON schema. Clients treat unknown names as
 * failures, and `@azure/web-pubsub-client` treats `Duplicate` as success.
 */
export type AckErrorName = 'Forbidden' | 'Duplicate' | 'InternalServerError' | 'BadRequest' | 'NotFound' | 'Timeout';

export interface AckError {
  name: AckErrorName;
  message: string;
}

/** The answer to a repeated ackId, worded like Azure's (§5). */
export function duplicateAckError(ackId: number): AckError {
  return { name: 'Duplicate', message: `Message with ack-id: ${ackId} has been processed` };
}
