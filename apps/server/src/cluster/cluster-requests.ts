import type { ConnectionKind, ConnectionSummary, GroupPermission } from '@switchboard/protocol';

/**
 * What one node may ask of all the others, and what each answers: plain, serialisable data only,
 * so that the same requests run in-process or over Redis. Every request is answered by every live
 * node for the connections it holds; ClusterService combines the answers.
 */
export type ConnectionScope =
  | { kind: 'hub' }
  | { kind: 'user'; userId: string }
  | { kind: 'group'; group: string };

export interface ConnectionFilter {
  hub?: string;
  kind?: ConnectionKind;
  group?: string;
  search?: string;
}

/** A session moved to another node: the protocol's own plain state, opaque to the cluster. */
export type SessionState = Record<string, unknown>;

/**
 * `take`: hand the session over (a reliable recovery, an MQTT resume); `end`: close it (an MQTT
 * clean-start take-over). `token` is the reconnection token a recovering native client presents.
 */
export interface HandOverRequest {
  hub: string;
  connectionId: string;
  protocol: 'native' | 'mqtt';
  action: 'take' | 'end';
  token?: string;
}

/** `null` from a node that does not hold the connection. */
export type HandOverAnswer = { outcome: 'taken'; state: SessionState } | { outcome: 'ended' } | { outcome: 'refused' } | null;

interface Requests {
  connectionExists: { request: { hub: string; connectionId: string }; answer: boolean };
  userExists: { request: { hub: string; userId: string }; answer: boolean };
  groupExists: { request: { hub: string; group: string }; answer: boolean };
  /** null: the connection is not on this node. */
  checkPermission: {
    request: { hub: string; connectionId: string; permission: GroupPermission; targetName?: string };
    answer: boolean | null;
  };
  groupMembers: { request: { hub: string; group: string }; answer: Array<{ connectionId: string; userId: string | null }> };
  listConnections: { request: { filter: ConnectionFilter }; answer: ConnectionSummary[] };
  connectionSummary: { request: { hub: string; connectionId: string }; answer: ConnectionSummary | null };
  groupCounts: { request: { hub: string }; answer: Record<string, number> };
  /** null: not on this node; else whether it changed anything. */
  joinGroup: { request: { hub: string; connectionId: string; group: string }; answer: boolean | null };
  leaveGroup: { request: { hub: string; connectionId: string; group: string }; answer: boolean | null };
  leaveAllGroups: { request: { hub: string; connectionId: string }; answer: boolean | null };
  /** Ops 19-20: every connection the filter accepts; answers how many matched. */
  changeGroups: { request: { hub: string; groups: string[]; filter?: string; change: 'add' | 'remove' }; answer: number };
  addUserToGroup: { request: { hub: string; userId: string; group: string }; answer: number };
  removeUserFromGroup: { request: { hub: string; userId: string; group?: string }; answer: number };
  /** Every member leaves; answers how many there were. */
  clearGroup: { request: { hub: string; group: string }; answer: number };
  closeConnection: { request: { hub: string; connectionId: string; reason: string }; answer: boolean | null };
  closeConnections: { request: { hub: string; scope: ConnectionScope; excluded: string[]; reason: string }; answer: number };
  grantPermission: { request: { hub: string; connectionId: string; permission: GroupPermission; targetName?: string }; answer: boolean | null };
  revokePermission: { request: { hub: string; connectionId: string; permission: GroupPermission; targetName?: string }; answer: boolean | null };
  handOver: { request: HandOverRequest; answer: HandOverAnswer };
  /** Groups remembered for users' later connections (addUserToGroup), for a node that just joined. */
  userGroups: { request: object; answer: Array<{ hub: string; userId: string; groups: string[] }> };
}

export type RequestKind = keyof Requests;
export type RequestOf<K extends RequestKind> = { kind: K } & Requests[K]['request'];
export type AnswerOf<K extends RequestKind> = Requests[K]['answer'];
export type ClusterRequest = { [K in RequestKind]: RequestOf<K> }[RequestKind];
