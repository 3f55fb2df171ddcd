/**
 * An MQTT PUBLISH from a client becomes a Send to a group or a user event request
 * (spec/mqtt.md §4 table, upstream-events.md §8.4). Checks run in the table's order of
 * severity: protocol errors that end the connection first, then refusals that only cost this
 * message.
 */
import type { PermissionSet } from '../permissions/permission-set';
import { propertiesOf, type IncomingPublish, type PublishProperties } from './application-message';
import { payloadOfPublish, type DataTypeOptions } from './content-type';
import { answerFailure, type FailureAnswer, type PublishFailure } from './failure-answers';
import type { MqttSend } from './mqtt-send';
import type { MqttProtocolVersion } from './protocol-version';
import { classifyPublishTopic } from './topics';
import { userEventRequest, type UserEventRequest } from './user-events';

export interface PublishContext {
  /** Hub key (lower-cased name), as in Send. */
  hub: string;
  version: MqttProtocolVersion;
  /** The sender's client id. */
  connectionId: string;
  userId: string | null;
  permissions: PermissionSet;
  /** When the PUBLISH arrived, for Message Expiry (MQTT 5.0 §3.3.2.3.3). */
  receivedAtMs: number;
  dataTypes?: DataTypeOptions;
  /** The hub keeps retained messages (`mqtt.retainedMessages`): the retain flag is taken, not refused. */
  retainAvailable?: boolean;
}

export type PublishOutcome =
  /** Hand to the router; acknowledge with 0x00 once accepted (mqtt.md §4). */
  | { kind: 'send'; send: MqttSend }
  /** Send to the event handler; answer on the response topic (user-events.ts). */
  | { kind: 'userEvent'; request: UserEventRequest }
  | { kind: 'refused'; failure: PublishFailure; problem: string; answer: FailureAnswer };

export function publishToSend(publish: IncomingPublish, context: PublishContext): PublishOutcome {
  const { version } = context;
  const props = propertiesOf(version, publish.properties);
  if (props.topicAlias !== undefined) return refuse('topicAliasInvalid', 'topic aliases are not supported', version);
  if (props.subscriptionIdentifier !== undefined) {
    return refuse('protocolError', 'a client PUBLISH must not carry a subscription identifier', version);
  }

  const topic = classifyPublishTopic(publish.topic);
  if (topic.kind === 'refused' && topic.failure === 'topicNameInvalid') return refuse(topic.failure, topic.problem, version);

  // 3.1.1 delivers a retained PUBLISH as non-retained (the table's `proceed`).
  if (publish.retain && !context.retainAvailable) {
    const answer = answerFailure('publish', 'retainNotSupported', version);
    if (answer.kind !== 'proceed') return { kind: 'refused', failure: 'retainNotSupported', problem: 'retained messages are not supported', answer };
  }

  switch (topic.kind) {
    case 'refused':
      return refuse(topic.failure, topic.problem, version);
    case 'userEvent': {
      // Open to every client, like a native `event` frame (upstream-events.md §8.4 recommendation).
      const request = userEventRequest(topic.event, publish, version);
      return request.ok ? { kind: 'userEvent', request: request.request } : refuse(request.failure, request.problem, version);
    }
    case 'group': {
      // webpubsub.sendToGroup, webpubsub.sendToGroup.<topic> or a matching sendToGroups pattern.
      if (!context.permissions.canSendTo(topic.group)) {
        return refuse('notAuthorized', `not allowed to send to group '${topic.group}'`, version);
      }
      const payload = payloadOfPublish(publish.payload, version, props, context.dataTypes);
      if (!payload.ok) return refuse(payload.failure, payload.problem, version);
      const send: MqttSend = {
        hub: context.hub,
        target: { kind: 'group', group: topic.group },
        payload: payload.payload,
        from: { kind: 'connection', connectionId: context.connectionId, userId: context.userId },
        mqtt: {
          kind: 'publish',
          qos: publish.qos,
          payload: publish.payload,
          properties: forwardedProperties(props),
          receivedAtMs: context.receivedAtMs,
          ...(publish.retain && context.retainAvailable ? { retain: true } : {}),
        },
      };
      return { kind: 'send', send };
    }
  }
}

/** What MQTT-to-MQTT delivery preserves (mqtt.md §4): everything but the per-hop properties. */
function forwardedProperties(props: PublishProperties): PublishProperties {
  const { topicAlias: _alias, subscriptionIdentifier: _id, ...forwarded } = props;
  return forwarded;
}

function refuse(failure: PublishFailure, problem: string, version: MqttProtocolVersion): PublishOutcome {
  return { kind: 'refused', failure, problem, answer: answerFailure('publish', failure, version) };
}
