/**
 * Which upstream event a request carries (spec/upstream-events.md §7). System and user events
 * are told apart by kind, not by name: a JSON client may send a user event called `connect`,
 * which goes to the handlers whose `userEventPattern` lists it, as `azure.webpubsub.user.connect`.
 */
import type { PresenceEvent, SystemEvent } from '../hubs/hub-settings';

export type UpstreamEvent =
  | { kind: 'system'; name: SystemEvent }
  | { kind: 'user'; name: string }
  /** A connection joined or left `group` (client-protocols-2026.md §3). */
  | { kind: 'presence'; name: PresenceEvent; group: string };

export const SYSTEM_EVENT_TYPE_PREFIX = 'azure.webpubsub.sys.';
export const USER_EVENT_TYPE_PREFIX = 'azure.webpubsub.user.';
export const PRESENCE_EVENT_TYPE_PREFIX = 'azure.webpubsub.gp.';

/** The event name of simple clients' frames (§6, client-protocols.md §3). */
export const SIMPLE_CLIENT_EVENT_NAME = 'message';

/** The `{event}` of a handler URL for the abuse-protection probe (§2). */
export const VALIDATE_EVENT_NAME = 'validate';

export function systemEvent(name: SystemEvent): UpstreamEvent {
  return { kind: 'system', name };
}

export function userEvent(name: string): UpstreamEvent {
  return { kind: 'user', name };
}

export function presenceEvent(name: PresenceEvent, group: string): UpstreamEvent {
  return { kind: 'presence', name, group };
}

/** `ce-type` (§3): `azure.webpubsub.sys.connect`, `azure.webpubsub.user.chat`, `azure.webpubsub.gp.joined`... */
export function cloudEventType(event: UpstreamEvent): string {
  const prefix = event.kind === 'system' ? SYSTEM_EVENT_TYPE_PREFIX : event.kind === 'user' ? USER_EVENT_TYPE_PREFIX : PRESENCE_EVENT_TYPE_PREFIX;
  return prefix + event.name;
}

/** Only `connect` and user events wait for the handler's answer (§7); presence never does. */
export function isBlockingEvent(event: UpstreamEvent): boolean {
  return event.kind === 'user' || (event.kind === 'system' && event.name === 'connect');
}

/** The body of a presence event: the group, the only field the SDKs read (client-protocols-2026.md §3.2). */
export function presenceEventBody(group: string): { group: string } {
  return { group };
}
