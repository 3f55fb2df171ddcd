import type { SendToGroupFrame } from '@switchboard/protocol';
import type { NativeFrameContext } from './frame-context';
import type { NativeServices } from '../native-services';

/** sendToGroup (§4.3): membership not required; `noEcho` keeps it from the sender only. */
export function sendToGroup(connection: NativeFrameContext, frame: SendToGroupFrame, services: NativeServices): void {
  if (connection.answeredAsDuplicate(frame.ackId)) return;
  if (!connection.permissions.canSendTo(frame.group)) {
    connection.ack(frame.ackId, {
      name: 'Forbidden',
      message: `The connection has no permission to send to group '${frame.group}'.`,
    });
    return;
  }
  services.router.send({
    hub: connection.hubKey,
    target: { kind: 'group', group: frame.group },
    payload: frame.payload,
    from: { kind: 'connection', connectionId: connection.connectionId, userId: connection.userId },
    excluded: frame.noEcho ? [connection.connectionId] : undefined,
  });
  connection.ack(frame.ackId);
}
