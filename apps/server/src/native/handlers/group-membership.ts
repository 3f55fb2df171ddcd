import type { JoinGroupFrame, LeaveGroupFrame } from '@switchboard/protocol';
import type { NativeFrameContext } from './frame-context';

/** joinGroup / leaveGroup (spec/client-protocols.md §4.3): both idempotent, both need joinLeaveGroup. */
export function joinOrLeaveGroup(connection: NativeFrameContext, frame: JoinGroupFrame | LeaveGroupFrame): void {
  if (connection.answeredAsDuplicate(frame.ackId)) return;
  if (!connection.permissions.canJoinLeave(frame.group)) {
    connection.ack(frame.ackId, {
      name: 'Forbidden',
      message: `The connection has no permission to ${frame.type === 'joinGroup' ? 'join' : 'leave'} group '${frame.group}'.`,
    });
    return;
  }
  if (frame.type === 'joinGroup') connection.joinGroup(frame.group);
  else connection.leaveGroup(frame.group);
  connection.ack(frame.ackId);
}
