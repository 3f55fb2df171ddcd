import { maxQos, topicMatchesFilter, type DeliverySubscription, type SubscriptionTarget } from '@switchboard/protocol';

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
  private readonly byKey = new Map<string, FilterSubscription>();

  get size(): number {
    return this.byKey.size;
  }

  set(key: string, filter: FilterSubscription): void {
    this.byKey.set(key, filter);
  }

  get(key: string): FilterSubscription | undefined {
    return this.byKey.get(key);
  }

  delete(key: string): boolean {
    return this.byKey.delete(key);
  }

  entries(): Array<[string, FilterSubscription]> {
    return [...this.byKey];
  }

  *targets(): Iterable<SubscriptionTarget> {
    for (const filter of this.byKey.values()) yield filter.target;
  }

  /** Whether any of these subscriptions reaches `group` (a share counts: it may be chosen). */
  matches(group: string): boolean {
    for (const { target } of this.byKey.values()) if (reaches(target, group)) return true;
    return false;
  }

  /** `exact` (the group's own subscription, if any) merged with every filter that matches `group`. */
  merged(group: string, exact: DeliverySubscription | undefined): DeliverySubscription | undefined {
    let merged = exact;
    for (const { target, subscription } of this.byKey.values()) {
      if (!reaches(target, group)) continue;
      merged = merged === undefined ? subscription : merge(merged, subscription);
    }
    return merged;
  }
}

function reaches(target: SubscriptionTarget, group: string): boolean {
  const filter = target.kind === 'pattern' ? target : target.target;
  return filter.kind === 'group' ? filter.group === group : topicMatchesFilter(group, filter.filter);
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
