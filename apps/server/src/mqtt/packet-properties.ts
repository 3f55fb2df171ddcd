import type { PublishProperties, UserProperty } from '@switchboard/protocol';
import type { IPublishPacket, UserProperties } from 'mqtt-packet';

/**
 * mqtt-packet keeps user properties as an object of name → value(s); the mapping keeps them as
 * an ordered list, as the standard does (repeated names are allowed). Converted here, at the edge.
 */
export function userPropertyList(properties: UserProperties | undefined): UserProperty[] | undefined {
  if (!properties) return undefined;
  const list: UserProperty[] = [];
  for (const [name, value] of Object.entries(properties)) {
    for (const item of Array.isArray(value) ? value : [value]) list.push({ name, value: String(item) });
  }
  return list;
}

export function packetUserProperties(list: readonly UserProperty[] | undefined): UserProperties | undefined {
  if (!list || list.length === 0) return undefined;
  const properties: UserProperties = {};
  for (const { name, value } of list) {
    const existing = properties[name];
    properties[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return properties;
}

type PacketPublishProperties = NonNullable<IPublishPacket['properties']>;

export function publishPropertiesOfPacket(properties: PacketPublishProperties | undefined): PublishProperties | undefined {
  if (!properties) return undefined;
  const { userProperties, correlationData, subscriptionIdentifier, ...rest } = properties;
  const result: PublishProperties = { ...rest };
  const users = userPropertyList(userProperties);
  if (users) result.userProperties = users;
  if (correlationData) result.correlationData = correlationData;
  if (subscriptionIdentifier !== undefined) result.subscriptionIdentifier = subscriptionIdentifier;
  return result;
}

export function packetPropertiesOfPublish(properties: PublishProperties | undefined): PacketPublishProperties | undefined {
  if (!properties) return undefined;
  const { userProperties, correlationData, ...rest } = properties;
  const result: PacketPublishProperties = { ...rest };
  const users = packetUserProperties(userProperties);
  if (users) result.userProperties = users;
  if (correlationData) result.correlationData = Buffer.from(correlationData.buffer, correlationData.byteOffset, correlationData.byteLength);
  return result;
}
