import type { FilterCandidate, PermissionSet, SubscriptionTarget } from '@switchboard/protocol';
import type { OutboundMessage } from '../messaging/outbound-message';
import type { ConnectionInfo } from './lifecycle.port';

/** How the bytes of a message look on a connection's wire; the router encodes once per flavour. */
export type WireFlavour = 'raw' | 'json' | 'jsonReliable' | 'protobuf' | 'protobufReliable' | 'mqtt';

export interface TrafficCounters {
  messagesIn: number;
  bytesIn: number;
  messagesOut: number;
  bytesOut: number;
}

/**
 * One logical client session in a hub, whatever its protocol. The registry and the router know
 * connections only through this interface: deliver already-encoded bytes, close.
 */
export interface ClientConnection extends FilterCandidate {
  readonly connectionId: string;
  readonly hubKey: string;
  /** The hub name as the client spelled it. */
  readonly hubName: string;
  readonly userId: string | null;
  /** The groups it is in: the registry changes them (addGroup, removeGroup) and keeps its index beside. */
  readonly groups: ReadonlySet<string>;
  /** False when it was in the group already. */
  addGroup(group: string): boolean;
  /** False when it was not in the group. */
  removeGroup(group: string): boolean;
  readonly permissions: PermissionSet;
  readonly flavour: WireFlavour;
  /** The subprotocol or MQTT version, for people (dashboard, metrics). */
  readonly protocol: string;
  readonly connectedAt: Date;
  readonly remoteAddress: string | undefined;
  readonly traffic: TrafficCounters;
  /** Writes the message; returns the bytes written, or -1 when it was not delivered. */
  deliver(message: OutboundMessage): number;
  /** Ends the session for good: `disconnected` frame with the reason, then a close. */
  close(reason: string): void;
  /** What upstream events say of it (ids, subprotocol, state). */
  info(): ConnectionInfo;
  /** MQTT wildcard and shared subscriptions, which the registry indexes beside groups. */
  subscriptionTargets?(): Iterable<SubscriptionTarget>;
  /** Whether one of its wildcard or shared subscriptions reaches `group`. */
  reachesGroup?(group: string): boolean;
  /** Whether a shared subscription should hand it the next message: online and keeping up. */
  readyForShared?(): boolean;
}
