import {
  publishToSend,
  ReasonCode,
  userEventResponseToSend,
  type FailureAnswer,
  type MqttQos,
  type MqttSend,
  type UserEventRequest,
} from '@switchboard/protocol';
import { Logger } from '@nestjs/common';
import type { IPublishPacket, IPubrelPacket, Packet } from 'mqtt-packet';
import type { MqttSession } from '../mqtt-session';
import { RECEIVE_MAXIMUM } from './connect';
import type { MqttServices } from '../mqtt-services';
import { publishPropertiesOfPacket } from '../packet-properties';
import type { StoreOutcome } from '../retained/retained-messages.service';
import type { PublishOrder } from './publish-order';

const logger = new Logger('MqttPublish');

/**
 * PUBLISH from the client = send to the group of its topic (spec/mqtt.md §4). Retained QoS 0/1
 * publishes join `order` and wait for the database together; everything else that comes while
 * they wait is handled after them.
 */
export function publish(session: MqttSession, packet: IPublishPacket, services: MqttServices, order: PublishOrder): void | Promise<void> {
  if (order.busy && !(packet.retain && packet.qos < 2)) return order.next(() => publishInOrder(session, packet, services, order));
  return publishInOrder(session, packet, services, order);
}

function publishInOrder(session: MqttSession, packet: IPublishPacket, services: MqttServices, order: PublishOrder): void | Promise<void> {
  const qos = packet.qos as MqttQos;
  const packetId = packet.messageId ?? 0;
  // QoS 2 is delivered once: a re-sent PUBLISH before PUBREL gets its PUBREC again, nothing more.
  if (qos === 2 && session.incomingQos2.has(packetId)) {
    session.send({ cmd: 'pubrec', messageId: packetId } as Packet);
    return;
  }
  if (qos === 2 && session.incomingQos2.size >= RECEIVE_MAXIMUM) {
    session.dropNetwork('receiveMaximumExceeded', `more than ${RECEIVE_MAXIMUM} QoS 2 messages unreleased`);
    return;
  }
  const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
  let topic = packet.topic;
  let properties = publishPropertiesOfPacket(packet.properties);
  // On a hub that takes topic aliases they are resolved here; elsewhere publishToSend refuses them as Azure does.
  if (properties?.topicAlias !== undefined && session.aliases.inboundMaximum > 0) {
    const resolved = session.aliases.resolve(topic, properties.topicAlias);
    if ('problem' in resolved) return session.disconnect(resolved.code === 'invalid' ? ReasonCode.TopicAliasInvalid : ReasonCode.ProtocolError, resolved.problem);
    topic = resolved.topic;
    const { topicAlias: _alias, ...rest } = properties;
    properties = rest;
  }
  const outcome = publishToSend(
    { topic, payload, qos, retain: packet.retain, properties },
    {
      hub: session.hubKey,
      version: session.version,
      connectionId: session.connectionId,
      userId: session.userId,
      permissions: session.permissions,
      receivedAtMs: Date.now(),
      retainAvailable: session.features.retainedMessages,
    },
  );
  session.traffic.messagesIn++;
  session.traffic.bytesIn += payload.length;
  services.metrics.received(session.protocol, payload.length);

  const origin = outcome.kind === 'send' ? outcome.send.mqtt : undefined;
  if (outcome.kind === 'send' && origin?.kind === 'publish' && origin.retain && qos < 2 && order.open) {
    const stored = services.retained.store(session.hubKey, topic, { payload, qos, properties: origin.properties });
    const send = outcome.send;
    order.link(
      stored,
      (outcome) => completeRetained(session, qos, packetId, send, outcome, services),
      (error) => session.dropNetwork('unspecifiedError', `could not store a retained message: ${(error as Error).message}`),
    );
    return;
  }
  // No closure per PUBLISH unless retained writes are open: this is every client publish's path.
  if (order.busy) return order.next(() => finishPublish(session, outcome, topic, qos, packetId, services));
  return finishPublish(session, outcome, topic, qos, packetId, services);
}

function finishPublish(session: MqttSession, outcome: PublishOutcome, topic: string, qos: MqttQos, packetId: number, services: MqttServices): void | Promise<void> {
  switch (outcome.kind) {
    case 'send': {
      // Only a PUBLISH that waits for something (the database, the event handler) holds back the ones after it.
      const origin = outcome.send.mqtt;
      if (origin?.kind === 'publish' && origin.retain) return publishRetained(session, topic, origin.payload, qos, packetId, outcome.send, services);
      services.router.send(outcome.send);
      acknowledge(session, qos, packetId, ReasonCode.Success);
      return;
    }
    case 'userEvent':
      return userEvent(session, outcome.request, qos, packetId, services);
    case 'refused':
      answer(session, qos, packetId, outcome.answer, outcome.problem);
  }
}

type PublishOutcome = ReturnType<typeof publishToSend>;

/** Stored first, so that a subscriber that comes right after the PUBACK finds it (MQTT 5.0 §3.3.1.3). */
async function publishRetained(session: MqttSession, topic: string, payload: Uint8Array, qos: MqttQos, packetId: number, send: MqttSend, services: MqttServices): Promise<void> {
  const properties = send.mqtt?.kind === 'publish' ? send.mqtt.properties : {};
  const stored = await services.retained.store(session.hubKey, topic, { payload, qos, properties });
  completeRetained(session, qos, packetId, send, stored, services);
}

function completeRetained(session: MqttSession, qos: MqttQos, packetId: number, send: MqttSend, stored: StoreOutcome, services: MqttServices): void {
  if (!stored.ok) {
    // v5 says why and the message goes nowhere; 3.1.1 has no code for it, so it is delivered unretained.
    if (session.version === 5) return answer(session, qos, packetId, { kind: 'puback', code: ReasonCode.QuotaExceeded }, stored.problem);
    logger.warn(`hub ${session.hubName}, client ${session.connectionId}: not retained: ${stored.problem}`);
  }
  services.router.send(send);
  acknowledge(session, qos, packetId, ReasonCode.Success);
}

async function userEvent(session: MqttSession, request: UserEventRequest, qos: MqttQos, packetId: number, services: MqttServices): Promise<void> {
  const result = await services.lifecycle.mqttUserEvent({
    ...session.info(),
    event: request.event,
    contentType: request.contentType,
    body: request.body,
    headers: request.headers,
  });
  // No handler took the event: v5 says so with No matching subscribers (0x10).
  acknowledge(session, qos, packetId, result.kind === 'unhandled' ? ReasonCode.NoMatchingSubscribers : ReasonCode.Success);
  if (result.kind === 'answered') services.router.send(userEventResponseToSend(session.hubKey, session.connectionId, request, result.response));
}

/** PUBREL: the QoS 2 exchange is over; PUBCOMP (0x92 on v5 when the id was unknown). */
export function pubrel(session: MqttSession, packet: IPubrelPacket): void {
  const packetId = packet.messageId ?? 0;
  const known = session.incomingQos2.delete(packetId);
  session.send({ cmd: 'pubcomp', messageId: packetId, ...(session.version === 5 && !known ? { reasonCode: 0x92 } : {}) } as Packet);
}

function acknowledge(session: MqttSession, qos: MqttQos, packetId: number, code: number): void {
  const reason = session.version === 5 && code !== ReasonCode.Success ? { reasonCode: code } : {};
  if (qos === 1) session.send({ cmd: 'puback', messageId: packetId, ...reason } as Packet);
  if (qos === 2) {
    session.incomingQos2.add(packetId);
    session.send({ cmd: 'pubrec', messageId: packetId, ...reason } as Packet);
  }
}

function answer(session: MqttSession, qos: MqttQos, packetId: number, failure: FailureAnswer, problem: string): void {
  switch (failure.kind) {
    case 'puback':
      // Not delivered; the client learns why. A QoS 2 refusal ends the exchange at PUBREC.
      if (qos === 1) session.send({ cmd: 'puback', messageId: packetId, reasonCode: failure.code } as Packet);
      if (qos === 2) session.send({ cmd: 'pubrec', messageId: packetId, reasonCode: failure.code } as Packet);
      return;
    case 'ackAndDrop':
      acknowledge(session, qos, packetId, ReasonCode.Success);
      return;
    case 'disconnect':
      session.disconnect(failure.code, problem);
      return;
    case 'close':
      session.disconnect(undefined, problem);
      return;
    default:
      acknowledge(session, qos, packetId, ReasonCode.Success);
  }
}
