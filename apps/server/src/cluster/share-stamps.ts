import { classifyTopicFilter, topicMatchesFilter, type FilterTarget, type Send } from '@switchboard/protocol';
import type { ClusterPort } from './cluster.port';

const SHARES_ON = { wildcardSubscriptions: true, sharedSubscriptions: true };

/**
 * Chooses, on the node a group message starts from, which node serves each MQTT share it reaches,
 * so that a share whose members sit on several nodes gets the message once (MQTT 5.0 §4.8.2).
 * The choice rides in the Send (`shareNodes`); each node's heartbeat says which shares it holds
 * and how many of their members can take a message now. Nodes take turns in proportion to those
 * members; the node chosen picks the member. One node alone needs no choice.
 */
export class ShareStamps {
  private readonly turns = new Map<string, number>();
  private readonly targets = new Map<string, FilterTarget | null>();

  constructor(private readonly cluster: ClusterPort) {}

  stamp(send: Send): void {
    if (send.target.kind !== 'group' || this.cluster.kind === 'in-process') return;
    const nodes = this.cluster.nodes();
    if (nodes.length < 2) return;
    const group = send.target.group;
    let candidates: Map<string, Array<{ nodeId: string; weight: number; ready: boolean }>> | undefined;
    for (const node of nodes) {
      for (const share of node.shares ?? []) {
        if (share.hub !== send.hub || !this.reaches(share.share, group)) continue;
        candidates ??= new Map();
        let list = candidates.get(share.share);
        if (!list) candidates.set(share.share, (list = []));
        list.push({ nodeId: node.nodeId, weight: share.ready > 0 ? share.ready : share.members, ready: share.ready > 0 });
      }
    }
    if (!candidates) return;
    const stamps: Record<string, string> = {};
    for (const [share, list] of candidates) stamps[share] = this.choose(share, list);
    send.shareNodes = stamps;
  }

  /** Members that can take it now first; among those, each node's turn comes as often as it has members. */
  private choose(share: string, list: Array<{ nodeId: string; weight: number; ready: boolean }>): string {
    const pool = list.some((entry) => entry.ready) ? list.filter((entry) => entry.ready) : list;
    const total = pool.reduce((sum, entry) => sum + entry.weight, 0);
    const turn = this.turns.get(share) ?? 0;
    this.turns.set(share, turn + 1);
    let at = turn % Math.max(1, total);
    for (const entry of pool) {
      if (at < entry.weight) return entry.nodeId;
      at -= entry.weight;
    }
    return pool[0].nodeId;
  }

  private reaches(share: string, group: string): boolean {
    let target = this.targets.get(share);
    if (target === undefined) {
      const classified = classifyTopicFilter(share, SHARES_ON);
      target = classified.kind === 'shared' ? classified.target : null;
      if (this.targets.size > 10_000) this.targets.clear();
      this.targets.set(share, target);
    }
    if (target === null) return false;
    return target.kind === 'group' ? target.group === group : !group.startsWith('$') && topicMatchesFilter(group, target.filter);
  }
}
