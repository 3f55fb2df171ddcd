import { SIMPLE_CLIENT_EVENT_NAME, type EventFrame, type MessagePayload } from '@switchboard/protocol';
import type { NativeFrameContext } from './frame-context';
import type { NativeServices } from '../native-services';

/**
 * A user event goes to the hub's event handler and blocks the connection's later frames until it
 * is answered (§4.3); a non-empty answer comes back as a message from the server.
 */
export async function userEvent(connection: NativeFrameContext, frame: EventFrame, services: NativeServices): Promise<void> {
  if (connection.answeredAsDuplicate(frame.ackId)) return;
  const outcome = await services.lifecycle.userEvent({ ...connection.info(), event: frame.event, payload: frame.payload });
  switch (outcome.kind) {
    case 'unhandled':
      connection.ack(frame.ackId, {
        name: 'NotFound',
        message: `No event handler of hub '${connection.hubName}' takes event '${frame.event}'.`,
      });
      return;
    case 'handled':
      if (outcome.connectionState !== undefined) connection.connectionState = outcome.connectionState;
      if (outcome.response) replyFromServer(connection, outcome.response, services);
      connection.ack(frame.ackId);
      return;
    case 'failed':
      connection.ack(frame.ackId, { name: 'InternalServerError', message: outcome.message });
      connection.close(outcome.message);
  }
}

/** Raw clients' frames are the `message` user event (§3); the answer goes back as a frame. */
export async function rawMessageEvent(connection: NativeFrameContext, payload: MessagePayload, services: NativeServices): Promise<void> {
  const outcome = await services.lifecycle.userEvent({ ...connection.info(), event: SIMPLE_CLIENT_EVENT_NAME, payload });
  if (outcome.kind === 'handled') {
    if (outcome.connectionState !== undefined) connection.connectionState = outcome.connectionState;
    if (outcome.response) replyFromServer(connection, outcome.response, services);
  }
  if (outcome.kind === 'failed') connection.close(outcome.message);
}

function replyFromServer(connection: NativeFrameContext, payload: MessagePayload, services: NativeServices): void {
  services.router.send({
    hub: connection.hubKey,
    target: { kind: 'connection', connectionId: connection.connectionId },
    payload,
    from: { kind: 'server' },
  });
}
