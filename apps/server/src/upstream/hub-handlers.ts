import { Injectable } from '@nestjs/common';
import {
  compileEventHandlers,
  type EventHandlerSelector,
  type EventHandlerSettings,
  type SelectedEventHandler,
  type UpstreamEvent,
} from '@switchboard/protocol';
import { HubsService } from '../hubs/hubs.service';

/**
 * Which of a hub's event handlers gets an event (spec/upstream-events.md §1), from the hub's
 * current settings. Each handler list is compiled once: the selector is cached against the very
 * list HubsService hands out, so when the settings change (a PUT here, or the settings cache
 * reloading what another node wrote) the new list compiles afresh and the old one is collected.
 */
@Injectable()
export class HubHandlers {
  private readonly compiled = new WeakMap<readonly EventHandlerSettings[], EventHandlerSelector>();

  constructor(private readonly hubs: HubsService) {}

  /** The first handler whose filter matches, or undefined: then no request is made. */
  async select(hubName: string, event: UpstreamEvent): Promise<SelectedEventHandler | undefined> {
    return (await this.selector(hubName)).select(event);
  }

  async selector(hubName: string): Promise<EventHandlerSelector> {
    const { eventHandlers } = await this.hubs.settings(hubName);
    let selector = this.compiled.get(eventHandlers);
    if (selector === undefined) {
      selector = compileEventHandlers(eventHandlers);
      this.compiled.set(eventHandlers, selector);
    }
    return selector;
  }
}
