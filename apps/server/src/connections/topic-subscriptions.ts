import { subscriptionKey, type SubscriptionTarget } from '@switchboard/protocol';
import { QlobberDedup } from 'qlobber';
import type { ClientConnection } from './client-connection';

/**
 * MQTT topic semantics (MQTT 5.0 §4.7) over group names. Group names are at most 1,024
 * characters, so a topic has at most 1,025 levels; qlobber throws past `max_words`.
 */
const MQTT_MATCHING = { separator: '/', wildcard_one: '+', wildcard_some: '#', match_empty_levels: true, max_words: 1100, max_wildcard_somes: 1 };

/**
 * One `$share/{name}/{filter}` on this node: its members in the order they joined, and whose turn
 * is next. A member that is offline or behind is passed over while another can take the message.
 */
export class ShareGroup {
  readonly members: ClientConnection[] = [];
  private next = 0;

  constructor(readonly key: string) {}

  get ready(): number {
    let ready = 0;
    for (const member of this.members) if (member.readyForShared?.() ?? true) ready++;
    return ready;
  }

  pick(): ClientConnection | undefined {
    const count = this.members.length;
    if (count === 0) return undefined;
    for (let tried = 0; tried < count; tried++) {
      const member = this.members[this.next++ % count];
      if (member.readyForShared?.() ?? true) return member;
    }
    // Everyone is offline or behind: the next in turn queues it.
    return this.members[this.next++ % count];
  }
}

/**
 * The wildcard and shared subscriptions of one hub on this node, for hubs that enable them
 * (issue "MQTT beyond Azure"). Patterns live in a topic trie (qlobber, as in aedes), so a message
 * costs one walk of its topic's levels, never a scan of every subscription.
 */
export class TopicSubscriptions {
  private readonly patterns = new QlobberDedup(MQTT_MATCHING);
  private patternCount = 0;
  private readonly shares = new Map<string, ShareGroup>();
  private readonly sharesOfGroup = new Map<string, Set<ShareGroup>>();
  private readonly sharePatterns = new QlobberDedup(MQTT_MATCHING);

  get isEmpty(): boolean {
    return this.patternCount === 0 && this.shares.size === 0;
  }

  *shareGroups(): Iterable<ShareGroup> {
    yield* this.shares.values();
  }

  add(connection: ClientConnection, target: SubscriptionTarget): void {
    if (target.kind === 'pattern') {
      if (!this.patterns.test(target.filter, connection)) this.patternCount++;
      this.patterns.add(target.filter, connection);
      return;
    }
    const key = subscriptionKey(target);
    let share = this.shares.get(key);
    if (!share) {
      share = new ShareGroup(key);
      this.shares.set(key, share);
      if (target.target.kind === 'group') setOf(this.sharesOfGroup, target.target.group).add(share);
      else this.sharePatterns.add(target.target.filter, share);
    }
    if (!share.members.includes(connection)) share.members.push(connection);
  }

  remove(connection: ClientConnection, target: SubscriptionTarget): void {
    if (target.kind === 'pattern') {
      if (this.patterns.test(target.filter, connection)) this.patternCount--;
      this.patterns.remove(target.filter, connection);
      return;
    }
    const key = subscriptionKey(target);
    const share = this.shares.get(key);
    if (!share) return;
    const at = share.members.indexOf(connection);
    if (at >= 0) share.members.splice(at, 1);
    if (share.members.length > 0) return;
    this.shares.delete(key);
    if (target.target.kind === 'group') {
      const set = this.sharesOfGroup.get(target.target.group);
      set?.delete(share);
      if (set?.size === 0) this.sharesOfGroup.delete(target.target.group);
    } else this.sharePatterns.remove(target.target.filter, share);
  }

  /**
   * Who gets a message to `group` besides its members: every pattern subscriber whose filter
   * matches, and one member of each matching share. A filter that starts with a wildcard does not
   * match a `$` topic (§4.7.2); `$` groups are not matched by any pattern here.
   */
  recipients(group: string, members: ReadonlySet<ClientConnection>, shares?: ShareChoice): ReadonlySet<ClientConnection> {
    const wildcardable = !group.startsWith('$');
    // qlobber's answer may be its own cached Set: it is read, never changed.
    const out = new Set(members);
    if (this.patternCount > 0 && wildcardable) for (const connection of this.patterns.match(group) as Set<ClientConnection>) out.add(connection);
    if (this.shares.size > 0) {
      const chosen = (share: ShareGroup) => {
        // Another node's member takes it, when the sending node chose one.
        const node = shares?.nodes[share.key];
        if (node !== undefined && node !== shares!.self) return;
        const member = share.pick();
        if (member) out.add(member);
      };
      this.sharesOfGroup.get(group)?.forEach(chosen);
      if (wildcardable) (this.sharePatterns.match(group) as Set<ShareGroup>).forEach(chosen);
    }
    return out;
  }
}

/** Which node serves each share, as the sending node chose (Send `shareNodes`), and which node this is. */
export interface ShareChoice {
  nodes: Record<string, string>;
  self: string;
}

function setOf<K, V>(map: Map<K, Set<V>>, key: K): Set<V> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}
