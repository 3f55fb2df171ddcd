import {
  checkConnect,
  hasBrokerFeatures,
  keepsDurableSessions,
  connackCodeForUpstreamStatus,
  connackProperties,
  ConnackReturnCode,
  hubKey,
  MQTT_5,
  ReasonCode,
  type ClientIdentity,
  type MqttHubSettings,
  type MqttProtocolVersion,
  type UserProperty,
  type Will,
} from '@switchboard/protocol';
import type { Socket } from 'node:net';
import type { IConnectPacket, Packet } from 'mqtt-packet';
import { generate } from 'mqtt-packet';
import type { WebSocket } from 'ws';
import { MqttSession, type MqttSessionState } from '../mqtt-session';
import type { MqttServices } from '../mqtt-services';
import { packetUserProperties, userPropertyList } from '../packet-properties';

export interface ConnectContext {
  hubName: string;
  identity: ClientIdentity;
  remoteAddress: string | undefined;
  /** The upgrade request's query and headers, for the `connect` event (upstream-events.md §4). */
  query: Record<string, string[]>;
  headers: Record<string, string[]>;
  socket: WebSocket;
  wire: Socket;
  physicalConnectionId: string;
  /** The hub's MQTT features (hub settings `mqtt`), fixed for this network connection. */
  features: MqttHubSettings;
}

/**
 * CONNECT (spec/mqtt.md §1-§2): checks, the `connect` event, take-over or resume of an existing
 * session with this client id, CONNACK. Returns the session, or null after a refusal.
 */
export async function connect(packet: IConnectPacket, context: ConnectContext, services: MqttServices): Promise<MqttSession | null> {
  const will: Will | undefined = packet.will
    ? {
        topic: packet.will.topic,
        payload: typeof packet.will.payload === 'string' ? Buffer.from(packet.will.payload) : packet.will.payload,
        qos: packet.will.qos ?? 0,
        retain: packet.will.retain ?? false,
        properties: packet.will.properties
          ? { ...packet.will.properties, userProperties: userPropertyList(packet.will.properties.userProperties) }
          : undefined,
      }
    : undefined;
  const check = checkConnect(
    {
      protocolLevel: packet.protocolVersion ?? 4,
      clientId: packet.clientId,
      cleanStart: packet.clean !== false,
      keepAlive: packet.keepalive ?? 0,
      properties: packet.properties,
      will,
    },
    { maxSessionExpirySeconds: context.features.maxSessionExpirySeconds, retainAvailable: context.features.retainedMessages },
  );
  if (!check.ok) {
    refuse(context, check.version, check.code, check.problem);
    return null;
  }
  const { version, clientId } = check;
  const key = hubKey(context.hubName);
  const decision = await services.lifecycle.connect({
    hubKey: key,
    hubName: context.hubName,
    connectionId: clientId,
    userId: context.identity.userId,
    roles: context.identity.roles,
    groups: context.identity.groups,
    subprotocols: ['mqtt'],
    claims: context.identity.tokenClaims ?? {},
    query: context.query,
    headers: context.headers,
    mqtt: {
      physicalConnectionId: context.physicalConnectionId,
      protocolVersion: version,
      cleanStart: packet.clean !== false,
      username: packet.username,
      password: packet.password,
      userProperties: userPropertyList(packet.properties?.userProperties),
    },
  });
  // The client may have gone while the handler answered: nothing is registered for a dead socket.
  if (context.socket.readyState !== context.socket.OPEN) return null;
  if (!decision.accept) {
    const code = decision.connack?.code ?? connackCodeForUpstreamStatus(decision.status, version);
    refuse(context, version, code, decision.connack?.reasonString ?? decision.message, decision.connack?.userProperties);
    return null;
  }

  const existing = services.local.connection(key, clientId);
  if (existing && !(existing instanceof MqttSession)) {
    refuse(context, version, version === MQTT_5 ? ReasonCode.ClientIdentifierNotValid : ConnackReturnCode.IdentifierRejected, 'the client id is in use by another kind of connection');
    return null;
  }
  const cleanStart = packet.clean !== false;
  // A session held by another node: it ends there (clean start), or comes here (§2).
  const handOver = existing
    ? null
    : await services.cluster.handOver({ hub: key, connectionId: clientId, protocol: 'mqtt', action: cleanStart ? 'end' : 'take' });
  const moved = handOver?.answer ?? null;
  if (moved?.outcome !== 'taken') handOver?.capture.stop();
  if (context.socket.readyState !== context.socket.OPEN && moved?.outcome !== 'taken') return null;
  if (moved?.outcome === 'refused') {
    refuse(context, version, version === MQTT_5 ? ReasonCode.ClientIdentifierNotValid : ConnackReturnCode.IdentifierRejected, 'the client id is in use by another kind of connection');
    return null;
  }
  const options = {
    version,
    remoteAddress: context.remoteAddress,
    sessionExpirySeconds: check.sessionExpirySeconds,
    receiveMaximum: packet.properties?.receiveMaximum ?? 65535,
    maximumPacketSize: packet.properties?.maximumPacketSize,
    will: check.will,
    physicalConnectionId: context.physicalConnectionId,
    features: context.features,
  };
  // Nowhere live: a durable session may wait in PostgreSQL (its node restarted or is gone).
  const persisted = !existing && moved?.outcome !== 'taken' && keepsDurableSessions(context.features) ? await takePersisted(key, clientId, cleanStart, services) : null;
  if (persisted && context.socket.readyState !== context.socket.OPEN) {
    // The client left meanwhile: the session goes back where it was.
    await services.sessions.save(persisted.state, persisted.expiresAt);
    return null;
  }
  let session: MqttSession;
  let resumed = false;
  if (persisted) {
    session = MqttSession.restore(persisted.state.session, options, services);
    services.local.registerMoved(session);
    resumed = true;
  } else if (moved?.outcome === 'taken') {
    session = MqttSession.restore(moved.state as unknown as MqttSessionState, options, services);
    services.local.registerMoved(session);
    // What was published while it moved is queued after what it brought along.
    services.router.deliverCaptured(session, handOver!.capture.stop());
    resumed = true;
  } else if (existing && !existing.isEnded && !cleanStart) {
    // Take-over of a live session keeps it: the old network connection is told and closed (§2).
    existing.detachForResume();
    existing.version = version;
    existing.remoteAddress = context.remoteAddress;
    existing.sessionExpirySeconds = check.sessionExpirySeconds;
    existing.will = check.will;
    existing.receiveMaximum = packet.properties?.receiveMaximum ?? 65535;
    existing.maximumPacketSize = packet.properties?.maximumPacketSize;
    existing.physicalConnectionId = context.physicalConnectionId;
    existing.features = context.features;
    session = existing;
    resumed = true;
  } else {
    existing?.takenOver();
    session = new MqttSession(
      {
        clientId,
        hubKey: key,
        hubName: context.hubName,
        userId: decision.userId !== undefined ? decision.userId : context.identity.userId,
        roles: [...context.identity.roles, ...(decision.roles ?? [])],
        ...options,
      },
      services,
    );
    for (const group of [...context.identity.groups, ...(decision.groups ?? [])]) session.addGroup(group);
    // `connected` first: the `joined` events of its first groups come after it (presence, §3).
    services.lifecycle.connected(session.info());
    services.local.register(session);
  }

  const connack =
    version === MQTT_5
      ? {
          cmd: 'connack',
          reasonCode: ReasonCode.Success,
          sessionPresent: resumed,
          properties: {
            ...connackProperties(check.negotiated, {
              maximumPacketSize: services.config.limits.maxMessageBytes,
              receiveMaximum: RECEIVE_MAXIMUM,
              features: context.features,
              ...responseInformation(packet, clientId, context.features),
            }),
            userProperties: packetUserProperties(decision.mqttUserProperties),
          },
        }
      : { cmd: 'connack', returnCode: ConnackReturnCode.Accepted, sessionPresent: resumed };
  session.clientTopicAliasMaximum = packet.properties?.topicAliasMaximum ?? 0;
  session.attach(context.socket, context.wire, check.keepAliveTimeoutMs);
  // A session taken from another node while this socket died: it goes on as an offline session.
  if (context.socket.readyState !== context.socket.OPEN) {
    session.networkGone(context.socket, true, 'the network connection was lost during CONNECT');
    return null;
  }
  session.send(connack as Packet);
  session.resumeDelivery(resumed);
  // A durable session is written now with this node as its holder.
  session.persistSoon();
  return session;
}

/**
 * QoS 2 PUBLISHes a client may have unreleased with us at once (advertised in the v5 CONNACK);
 * past it the connection is closed with 0x93 rather than the set growing.
 */
export const RECEIVE_MAXIMUM = 1000;

/**
 * v5 Request Response Information (MQTT 5.0 §3.1.2.11.6): on a hub with broker features, a client
 * that asks is given a topic prefix of its own to receive responses on. Azure-like hubs answer none.
 */
function responseInformation(packet: IConnectPacket, clientId: string, features: MqttHubSettings): { responseInformation?: string } {
  if (packet.properties?.requestResponseInformation !== true) return {};
  return hasBrokerFeatures(features) ? { responseInformation: `responses/${clientId}/` } : {};
}

/** A clean start ends whatever was kept; otherwise the kept session is taken out of the table. */
async function takePersisted(hub: string, clientId: string, cleanStart: boolean, services: MqttServices): Promise<Awaited<ReturnType<MqttServices['sessions']['take']>>> {
  if (cleanStart) {
    await services.sessions.remove(hub, clientId);
    return null;
  }
  return services.sessions.take(hub, clientId);
}

/** CONNACK with the failure code, then close (§1). */
function refuse(context: ConnectContext, version: MqttProtocolVersion, code: number, problem: string, userProperties?: UserProperty[]): void {
  const packet =
    version === MQTT_5
      ? {
          cmd: 'connack',
          reasonCode: code,
          sessionPresent: false,
          properties: { reasonString: problem.slice(0, 100), userProperties: packetUserProperties(userProperties) },
        }
      : { cmd: 'connack', returnCode: code, sessionPresent: false };
  context.socket.send(generate(packet as Packet, { protocolVersion: version }), { binary: true });
  context.socket.close();
}
