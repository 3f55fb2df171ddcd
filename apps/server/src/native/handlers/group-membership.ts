import type { JoinGroupFrame, LeaveGroupFrame } from '@switchboard/protocol';
import type { NativeConnection } from '../native-connection';
import type { NativeServices } from '../native-services';

/** joinGroup / leaveGroup (spec/client-protocols.md §4.3): both idempotent, both need joinLeaveGroup. */
export function joinOrLeaveGroup(connection: NativeConnection, frame: JoinGroupFrame | LeaveGroupFrame, services: NativeServices): void {
  if (connection.answeredAsDuplicate(frame.ackId)) return;
  if (!connection.permissions.canJoinLeave(frame.group)) {
    connection.ack(frame.ackId, {
      name: 'Forbidden',
      message: `The connection has no permission to ${frame.type === 'joinGroup' ? 'join' : 'leave'} group '${frame.group}'.`,
    });
    return;
  }
  if (frame.type === 'joinGroup') services.local.join(connection, frame.group);
  else services.local.leave(connection, frame.group);
  connection.ack(frame.ackId);
}
