/**
 * Which of a hub's event handlers receives an event (spec/upstream-events.md §1): handlers are
 * ordered and the first whose filter matches gets it; no match ⇒ no request.
 *
 * A hub's list is compiled once (when its settings load or change) so that choosing the handler
 * for each event is a few comparisons and allocates nothing.
 *
 * Names are compared case-insensitively (ASCII), as Microsoft's Web PubSub emulator does for both
 * `userEventPattern` entries and `systemEvents`; the spec does not say, and a case-sensitive
 * match would silently drop events an admin meant to route.
 */
import { SYSTEM_EVENTS, type EventHandlerSettings, type PresenceEvent, type SystemEvent } from '../hubs/hub-settings';
import { compileGroupPattern, type GroupPattern } from '../permissions/group-pattern';
import { compileUrlTemplate, type CompiledUrlTemplate } from './url-template';
import type { UpstreamEvent } from './upstream-event';

export interface SelectedEventHandler {
  /** Position in the hub's `eventHandlers`, for logs and the dashboard. */
  readonly index: number;
  readonly settings: EventHandlerSettings;
  readonly url: CompiledUrlTemplate;
}

export interface EventHandlerSelector {
  readonly handlers: readonly SelectedEventHandler[];
  forSystemEvent(name: SystemEvent): SelectedEventHandler | undefined;
  forUserEvent(name: string): SelectedEventHandler | undefined;
  forPresenceEvent(name: PresenceEvent, group: string): SelectedEventHandler | undefined;
  /** Whether any handler takes presence events: when none does, joins and leaves cost nothing. */
  readonly takesPresence: boolean;
  select(event: UpstreamEvent): SelectedEventHandler | undefined;
}

/** A compiled `groupPresenceEvents`: the names it takes and the groups it covers (none: all). */
interface PresenceFilter {
  readonly names: readonly PresenceEvent[];
  /** Empty: every group. */
  readonly groups: readonly GroupPattern[];
}

/** `groupFilters` use the grammar of pattern roles (§3.1, unconfirmed); a name alone is literal. */
function compilePresenceFilter(settings: EventHandlerSettings): PresenceFilter | null {
  const presence = settings.groupPresenceEvents;
  if (!presence || presence.eventNames.length === 0) return null;
  const groups: GroupPattern[] = [];
  for (const filter of presence.groupFilters ?? []) {
    const compiled = compileGroupPattern(filter);
    if (compiled.ok) groups.push(compiled.pattern);
  }
  // Filters that all failed to compile cover no group rather than every group.
  if (groups.length === 0 && (presence.groupFilters ?? []).length > 0) return null;
  return { names: presence.eventNames, groups };
}

function presenceMatches(filter: PresenceFilter, name: PresenceEvent, group: string): boolean {
  if (!filter.names.includes(name)) return false;
  return filter.groups.length === 0 || filter.groups.some((pattern) => pattern.matches(group));
}

/** A compiled `userEventPattern`: `*` = every event, `ev1, ev2` = those, empty/absent = none. */
export interface UserEventPattern {
  readonly all: boolean;
  /** The listed names, ASCII lower-cased. */
  readonly names: readonly string[];
}

export function compileUserEventPattern(pattern: string | null | undefined): UserEventPattern {
  const names: string[] = [];
  let all = false;
  for (const entry of (pattern ?? '').split(',')) {
    const name = entry.trim();
    if (name === '*') all = true;
    else if (name.length > 0 && !names.includes(asciiLowerCase(name))) names.push(asciiLowerCase(name));
  }
  return { all, names: all ? [] : names };
}

export function userEventPatternMatches(pattern: UserEventPattern, eventName: string): boolean {
  if (pattern.all) return true;
  for (let i = 0; i < pattern.names.length; i++) {
    if (equalsAsciiIgnoreCase(pattern.names[i], eventName)) return true;
  }
  return false;
}

export function compileEventHandlers(settings: readonly EventHandlerSettings[]): EventHandlerSelector {
  const handlers: SelectedEventHandler[] = [];
  const patterns: UserEventPattern[] = [];
  const presence: Array<PresenceFilter | null> = [];
  const bySystemEvent = new Map<SystemEvent, SelectedEventHandler>();

  settings.forEach((handlerSettings, index) => {
    const handler: SelectedEventHandler = {
      index,
      settings: handlerSettings,
      url: compileUrlTemplate(handlerSettings.urlTemplate),
    };
    handlers.push(handler);
    patterns.push(compileUserEventPattern(handlerSettings.userEventPattern));
    presence.push(compilePresenceFilter(handlerSettings));
    for (const listed of handlerSettings.systemEvents ?? []) {
      const name = SYSTEM_EVENTS.find((known) => equalsAsciiIgnoreCase(known, String(listed).trim()));
      // First handler wins; unknown names (later-wave events, typos) select nothing.
      if (name !== undefined && !bySystemEvent.has(name)) bySystemEvent.set(name, handler);
    }
  });

  function forSystemEvent(name: SystemEvent): SelectedEventHandler | undefined {
    return bySystemEvent.get(name);
  }

  function forUserEvent(name: string): SelectedEventHandler | undefined {
    for (let i = 0; i < handlers.length; i++) {
      if (userEventPatternMatches(patterns[i], name)) return handlers[i];
    }
    return undefined;
  }

  function forPresenceEvent(name: PresenceEvent, group: string): SelectedEventHandler | undefined {
    for (let i = 0; i < handlers.length; i++) {
      const filter = presence[i];
      if (filter && presenceMatches(filter, name, group)) return handlers[i];
    }
    return undefined;
  }

  return {
    handlers,
    forSystemEvent,
    forUserEvent,
    forPresenceEvent,
    takesPresence: presence.some((filter) => filter !== null),
    select: (event) =>
      event.kind === 'system' ? forSystemEvent(event.name) : event.kind === 'user' ? forUserEvent(event.name) : forPresenceEvent(event.name, event.group),
  };
}

function asciiLowerCase(text: string): string {
  return text.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
}

/** `lower` must already be ASCII lower-case; compares without allocating. */
function equalsAsciiIgnoreCase(lower: string, text: string): boolean {
  if (lower.length !== text.length) return false;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) c += 32;
    if (c !== lower.charCodeAt(i)) return false;
  }
  return true;
}
