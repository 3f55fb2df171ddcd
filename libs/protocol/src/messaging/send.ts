import type { StreamInfo } from '../native/group-stream';
import type { MessagePayload } from '../native/message-payload';

/**
 * The one shape every producer hands to the router: a native `sendToGroup`, an MQTT PUBLISH, a
 * REST send, a dashboard broadcast, an upstream reply (ARCHITECTURE.md, "the flow of one message").
 */
export type SendTarget =
  | { kind: 'hub' }
  | { kind: 'group'; group: string }
  | { kind: 'user'; userId: string }
  | { kind: 'connection'; connectionId: string };

export type SendOrigin =
  | { kind: 'server' }
  | { kind: 'connection'; connectionId: string; userId: string | null };

export interface Send {
  /** Hub key (lower-cased name). */
  hub: string;
  target: SendTarget;
  payload: MessagePayload;
  from: SendOrigin;
  /** Connection ids that must not receive it (REST `excluded`, json `noEcho`). */
  excluded?: readonly string[];
  /**
   * OData filter text (rest-api.md §5); only connections it accepts receive the message. Text, not
   * a compiled predicate, so that a Send is plain data that can cross to other nodes.
   */
  filter?: string;
  /**
   * Epoch ms past which a copy not yet written to a recipient is dropped (REST `messageTtlSeconds`,
   * client-protocols-2026.md §7). Absent: never expires.
   */
  expiresAt?: number;
  /**
   * A group stream's fragment or terminal frame (client-protocols-2026.md §2.3). A terminal frame's
   * payload only names the stream's data type: receivers without streams (simple clients, MQTT)
   * skip it.
   */
  stream?: StreamInfo;
  /**
   * MQTT shared subscriptions across nodes: for each share the sending node knew of
   * (`$share/{name}/{filter}`), the node whose member takes this message. A share missing here is
   * chosen by each node that holds members of it.
   */
  shareNodes?: Record<string, string>;
}
