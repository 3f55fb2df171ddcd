import { ReasonCode, sessionExpiryOnDisconnect, willIsPublished } from '@switchboard/protocol';
import type { IDisconnectPacket, Packet } from 'mqtt-packet';
import type { WebSocket } from 'ws';
import type { MqttSession } from '../mqtt-session';
import type { MqttServices } from '../mqtt-services';
import { userPropertyList } from '../packet-properties';
import { publish, pubrel } from './publish';
import type { PublishOrder } from './publish-order';
import { subscribe, unsubscribe } from './subscribe';

/** Every packet after CONNECT, to its handler (spec/mqtt.md §8). */
/** Returns a promise only when the packet waits for something; the gateway reads on at once otherwise. */
export function dispatch(session: MqttSession, packet: Packet, socket: WebSocket, services: MqttServices, order: PublishOrder): void | Promise<void> {
  if (packet.cmd === 'publish') return publish(session, packet, services, order);
  // A SUBSCRIBE right after retained publishes finds them stored; acks keep their order. No
  // closure per packet otherwise: PUBACKs of a QoS 1 fan-out come through here.
  if (order.busy) return order.next(() => dispatchOther(session, packet, socket, services));
  return dispatchOther(session, packet, socket, services);
}

function dispatchOther(session: MqttSession, packet: Packet, socket: WebSocket, services: MqttServices): void | Promise<void> {
  switch (packet.cmd) {
    case 'puback':
    case 'pubcomp':
      session.acknowledged(packet.messageId ?? 0);
      return;
    case 'pubrec':
      session.received(packet.messageId ?? 0);
      return;
    case 'pubrel':
      pubrel(session, packet);
      return;
    case 'subscribe':
      return subscribe(session, packet, services);
    case 'unsubscribe':
      unsubscribe(session, packet, services);
      return;
    case 'pingreq':
      session.send({ cmd: 'pingresp' });
      return;
    case 'disconnect':
      disconnect(session, packet, socket, services);
      return;
    default:
      // A second CONNECT, AUTH (enhanced auth is unsupported) or a server-only packet.
      session.dropNetwork('protocolError', `unexpected ${packet.cmd} packet`);
  }
}

/** Client DISCONNECT: the will is dropped unless v5 asked for it (0x04), expiry may change (§6). */
function disconnect(session: MqttSession, packet: IDisconnectPacket, socket: WebSocket, services: MqttServices): void {
  const reasonCode = session.version === 5 ? (packet.reasonCode ?? ReasonCode.NormalDisconnection) : ReasonCode.NormalDisconnection;
  if (session.version === 5) {
    const expiry = sessionExpiryOnDisconnect(undefined, packet.properties?.sessionExpiryInterval, session.sessionExpirySeconds, session.features.maxSessionExpirySeconds);
    if (expiry.ok) session.sessionExpirySeconds = expiry.seconds;
  }
  session.lastDisconnect = { sentBy: 'client', code: reasonCode, userProperties: userPropertyList(packet.properties?.userProperties) };
  socket.close();
  session.networkGone(socket, willIsPublished(reasonCode), packet.properties?.reasonString ?? 'the client disconnected');
}
