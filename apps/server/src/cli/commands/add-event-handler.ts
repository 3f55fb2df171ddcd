import { hubNameProblem, type EventHandlerSettings, type EventHandlerStatus } from '@switchboard/protocol';
import { cliActor } from '../cli-actor';
import { CliError, loadServerParts, stringOption, UsageError, type Command, type OptionValues } from '../command';

/** Which option set each field of the admin API's event handler body. */
const OPTION_OF_FIELD: Record<string, string> = {
  urlTemplate: '--url',
  userEventPattern: '--user-events',
  systemEvents: '--system-events',
  'auth.type': '--auth',
  'auth.managedIdentity.resource': '--auth-resource',
};

export const addEventHandler: Command = {
  name: 'add-event-handler',
  synopsis: '<hub> --url <template> [--user-events <pattern>] [--system-events <list>] [--auth None|ManagedIdentity] [--auth-resource <resource>] [--create]',
  summary: "add an event handler to a hub's settings (as the dashboard's hub page does)",
  help: `  --url <template>          http(s) URL; {hub} and {event} may stand in its path and query
  --user-events <pattern>   "*", a comma-separated list of event names, or "" for none (default)
  --system-events <list>    comma-separated: connect, connected, disconnected
  --auth <type>             None (default) or ManagedIdentity
  --auth-resource <id>      the token audience, with --auth ManagedIdentity
  --create                  store settings for a hub that has none yet (hubs are otherwise
                            implicit: without it, an unknown hub is an error, so a typo is caught)

The handler is checked as the admin API checks it, then probed (abuse protection, an OPTIONS
request): one that fails the probe is stored all the same but receives no events until it passes.`,
  options: {
    url: { type: 'string' },
    'user-events': { type: 'string' },
    'system-events': { type: 'string' },
    auth: { type: 'string' },
    'auth-resource': { type: 'string' },
    create: { type: 'boolean' },
  },
  positionals: { names: ['hub'], required: 1 },
  prepare(values, [hub]) {
    const hubProblem = hubNameProblem(hub);
    if (hubProblem) throw new UsageError(hubProblem);
    const handler = handlerFrom(values);
    checkHandler(handler);
    return async ({ app, parts, out, note }) => {
      const hubs = app.get(parts.HubsService);
      const current = await hubs.get(hub);
      if (!current.stored && !values.create) {
        throw new CliError(`hub "${hub}" has no stored settings (list-hubs shows those that do); add --create to store settings for it`);
      }
      const properties = { ...current.properties, eventHandlers: [...current.properties.eventHandlers, handler] };
      const problem = parts.problemWith(parts.HubSettingsDto, { properties });
      if (problem) throw new CliError(`hub "${hub}": ${problem[1]}`);
      const { hub: saved, created } = await hubs.put(hub, properties);
      await app.get(parts.AuditService).record({ actor: cliActor(), action: created ? 'hub.create' : 'hub.update', target: saved.name, details: { properties: saved.properties } });
      const handlers = saved.properties.eventHandlers;
      const status = await app.get(parts.HandlerValidation).validateHub(saved.name, handlers);
      note(`Event handler ${handlers.length} of ${handlers.length} added to hub "${saved.name}"${created ? ' (settings created)' : ''}.`);
      out(describe(handlers[handlers.length - 1]));
      const probe = status[status.length - 1];
      if (probe.validation !== 'valid') note(probeWarning(probe));
    };
  },
};

/** The body the admin API would take for this handler. */
function handlerFrom(values: OptionValues): EventHandlerSettings {
  const url = stringOption(values, 'url');
  if (url === undefined) throw new UsageError('--url is required', true);
  const handler: Record<string, unknown> = { urlTemplate: url };
  const userEvents = stringOption(values, 'user-events');
  if (userEvents !== undefined) handler.userEventPattern = userEvents;
  const systemEvents = stringOption(values, 'system-events');
  if (systemEvents !== undefined) handler.systemEvents = systemEvents.split(',').map((name) => name.trim()).filter(Boolean);
  const auth = stringOption(values, 'auth');
  const resource = stringOption(values, 'auth-resource');
  if (resource !== undefined && auth !== 'ManagedIdentity') throw new UsageError('--auth-resource goes with --auth ManagedIdentity');
  if (auth !== undefined) handler.auth = resource === undefined ? { type: auth } : { type: auth, managedIdentity: { resource } };
  return handler as unknown as EventHandlerSettings;
}

/** As the admin API's DTO checks it, the problem named by the option that set the field. */
function checkHandler(handler: EventHandlerSettings): void {
  const { problemWith, EventHandlerDto } = loadServerParts();
  const problem = problemWith(EventHandlerDto, handler);
  if (problem) {
    const [field, message] = problem;
    throw new UsageError(`${OPTION_OF_FIELD[field] ?? field}: ${message}`);
  }
}

function describe(handler: EventHandlerSettings): string {
  const userEvents = handler.userEventPattern?.trim() || 'none';
  const systemEvents = handler.systemEvents?.length ? handler.systemEvents.join(', ') : 'none';
  return `${handler.urlTemplate}  (user events: ${userEvents}; system events: ${systemEvents}; auth: ${handler.auth?.type ?? 'None'})`;
}

function probeWarning(probe: EventHandlerStatus): string {
  return `warning: the handler failed abuse protection (${probe.error}: ${probe.message}); it is stored but receives no events until it answers the probe.`;
}
