import { maxQos, type DeliverySubscription, type SubscriptionTarget } from '@switchboard/protocol';

/** A wildcard or shared subscription of a session: what it reaches and its options. */
export interface FilterSubscription {
  target: SubscriptionTarget;
  subscription: DeliverySubscription;
}

/**
 * A session's wildcard and shared subscriptions. The registry finds the sessions a message
 * reaches; the session then works out under which of its subscriptions, since a topic matched by
 * several is delivered once, at the highest QoS granted, with every subscription identifier (MQTT
 * 5.0 §3.3.4).
 */
export class SessionFilters {
  /**
   * Each subscription with its matcher, compiled once: fan-out asks every recipient, so no filter
   * is split per message. Made at the first subscription: most sessions on Azure-like hubs have none.
   */
  private byKey: Map<string, { filter: FilterSubscription; reaches: (group: string) => boolean }> | null = null;
  /** Fan-out to a topic asks every recipient about the same group: the last answer is kept. */
  private last: { group: string; exact: DeliverySubscription | undefined; merged: DeliverySubscription | undefined } | null = null;

  get size(): number {
    return this.byKey?.size ?? 0;
  }

  set(key: string, filter: FilterSubscription): void {
    (this.byKey ??= new Map()).set(key, { filter, reaches: matcherOf(filter.target) });
    this.last = null;
  }

  get(key: string): FilterSubscription | undefined {
    return this.byKey?.get(key)?.filter;
  }

  delete(key: string): boolean {
    this.last = null;
    return this.byKey?.delete(key) ?? false;
  }

  entries(): Array<[string, FilterSubscription]> {
    return [...(this.byKey ?? [])].map(([key, { filter }]) => [key, filter]);
  }

  *targets(): Iterable<SubscriptionTarget> {
    for (const { filter } of this.byKey?.values() ?? []) yield filter.target;
  }

  /** Whether any of these subscriptions reaches `group` (a share counts: it may be chosen). */
  matches(group: string): boolean {
    for (const { reaches } of this.byKey?.values() ?? []) if (reaches(group)) return true;
    return false;
  }

  /** `exact` (the group's own subscription, if any) merged with every filter that matches `group`. */
  merged(group: string, exact: DeliverySubscription | undefined): DeliverySubscription | undefined {
    const last = this.last;
    if (last !== null && last.group === group && last.exact === exact) return last.merged;
    let merged = exact;
    for (const { filter, reaches } of this.byKey?.values() ?? []) {
      if (!reaches(group)) continue;
      merged = merged === undefined ? filter.subscription : merge(merged, filter.subscription);
    }
    this.last = { group, exact, merged };
    return merged;
  }
}

/** A test of group names for one subscription: equality, or the filter's levels split once. */
function matcherOf(target: SubscriptionTarget): (group: string) => boolean {
  const filter = target.kind === 'pattern' ? target : target.target;
  if (filter.kind === 'group') return (group) => group === filter.group;
  const levels = filter.filter.split('/');
  const leadingWildcard = levels[0] === '+' || levels[0] === '#';
  return (group) => !(leadingWildcard && group.startsWith('$')) && levelsMatch(group, levels);
}

/** Walks the topic's levels without splitting it (MQTT 5.0 §4.7). */
function levelsMatch(topic: string, levels: readonly string[]): boolean {
  let at = 0;
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i];
    if (level === '#') return true;
    if (at > topic.length) return false;
    let end = topic.indexOf('/', at);
    if (end < 0) end = topic.length;
    if (level !== '+' && (end - at !== level.length || !topic.startsWith(level, at))) return false;
    at = end + 1;
  }
  return at === topic.length + 1;
}

/** The highest QoS; No Local only when every match asks for it; Retain As Published when any does; all subscription identifiers. */
function merge(a: DeliverySubscription, b: DeliverySubscription): DeliverySubscription {
  const ids = [...idsOf(a), ...idsOf(b)];
  const merged: DeliverySubscription = {
    grantedQos: maxQos(a.grantedQos, b.grantedQos),
    noLocal: a.noLocal === true && b.noLocal === true,
    retainAsPublished: a.retainAsPublished === true || b.retainAsPublished === true,
  };
  if (ids.length > 0) merged.subscriptionIdentifier = ids.length === 1 ? ids[0] : ids;
  return merged;
}

function idsOf(subscription: DeliverySubscription): number[] {
  const id = subscription.subscriptionIdentifier;
  return id === undefined ? [] : Array.isArray(id) ? id : [id];
}
