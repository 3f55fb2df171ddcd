import { useState, type FormEvent } from 'react';
import {
  ANONYMOUS_CONNECT_POLICIES,
  KEEP_ALIVE_MAX_SECONDS,
  KEEP_ALIVE_MIN_SECONDS,
  MAX_SESSION_EXPIRY_LIMIT_SECONDS,
  PRESENCE_EVENTS,
  TOPIC_ALIAS_MAXIMUM_LIMIT,
  defaultHubProperties,
  SYSTEM_EVENTS,
  type GroupPresenceEvents,
  hubNameProblem,
  type EventHandlerSettings,
  type HubProperties,
  type HubResource,
  type MqttHubSettings,
} from '@switchboard/protocol';

export interface HubEditorProps {
  hub: HubResource | null;
  onSave: (name: string, properties: HubProperties) => Promise<void>;
  onDelete?: (name: string) => Promise<void>;
}

const NEW_HANDLER: EventHandlerSettings = { urlTemplate: '', userEventPattern: '*', systemEvents: ['connect', 'connected', 'disconnected'] };

const MQTT_SWITCHES: Array<{ key: 'wildcardSubscriptions' | 'sharedSubscriptions' | 'retainedMessages'; label: string }> = [
  { key: 'wildcardSubscriptions', label: 'Wildcard subscriptions (+ and #)' },
  { key: 'sharedSubscriptions', label: 'Shared subscriptions ($share/…)' },
  { key: 'retainedMessages', label: 'Retained messages' },
];

/** Hub settings in Azure's shape (event handlers, anonymous policy, keep-alive), and the MQTT features beyond Azure. */
export function HubEditor({ hub, onSave, onDelete }: HubEditorProps) {
  const [name, setName] = useState(hub?.name ?? '');
  const [properties, setProperties] = useState<HubProperties>(
    hub?.properties ?? defaultHubProperties(),
  );
  const setMqtt = (change: Partial<MqttHubSettings>) => setProperties((p) => ({ ...p, mqtt: { ...p.mqtt, ...change } }));
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const nameProblem = hub ? null : hubNameProblem(name);

  const setHandler = (index: number, change: Partial<EventHandlerSettings>) =>
    setProperties((p) => ({ ...p, eventHandlers: p.eventHandlers.map((h, i) => (i === index ? { ...h, ...change } : h)) }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setNotice(null);
    if (nameProblem) return setError(nameProblem);
    try {
      await onSave(name, withoutEmptyFilters(properties));
      setNotice('Saved.');
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <form className="card hub-editor" onSubmit={submit} aria-label="Hub settings">
      <h3>{hub ? `Hub ${hub.name}` : 'New hub'}</h3>
      {!hub && (
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="chat" />
          {name && nameProblem && <span className="field-error">{nameProblem}</span>}
        </label>
      )}
      <div className="row">
        <label>
          Anonymous connect
          <select
            value={properties.anonymousConnectPolicy}
            onChange={(e) => setProperties({ ...properties, anonymousConnectPolicy: e.target.value as HubProperties['anonymousConnectPolicy'] })}
          >
            {ANONYMOUS_CONNECT_POLICIES.map((policy) => (
              <option key={policy} value={policy}>
                {policy}
              </option>
            ))}
          </select>
        </label>
        <label>
          Keep-alive (seconds)
          <input
            type="number"
            min={KEEP_ALIVE_MIN_SECONDS}
            max={KEEP_ALIVE_MAX_SECONDS}
            value={properties.webSocketKeepAliveIntervalInSeconds}
            onChange={(e) => setProperties({ ...properties, webSocketKeepAliveIntervalInSeconds: Number(e.target.value) })}
          />
        </label>
      </div>
      <fieldset className="mqtt-settings" aria-label="MQTT broker features">
        <legend>MQTT beyond Azure</legend>
        <p className="muted">All off is exactly Azure Web PubSub's behaviour.</p>
        <div className="row">
          {MQTT_SWITCHES.map(({ key, label }) => (
            <label key={key} className="radio">
              <input type="checkbox" checked={properties.mqtt[key]} onChange={(e) => setMqtt({ [key]: e.target.checked })} />
              {label}
            </label>
          ))}
        </div>
        <div className="row">
          <label>
            Topic alias maximum
            <input
              type="number"
              min={0}
              max={TOPIC_ALIAS_MAXIMUM_LIMIT}
              value={properties.mqtt.topicAliasMaximum}
              onChange={(e) => setMqtt({ topicAliasMaximum: Number(e.target.value) })}
            />
          </label>
          <label>
            Longest session expiry (seconds)
            <input
              type="number"
              min={0}
              max={MAX_SESSION_EXPIRY_LIMIT_SECONDS}
              value={properties.mqtt.maxSessionExpirySeconds}
              onChange={(e) => setMqtt({ maxSessionExpirySeconds: Number(e.target.value) })}
            />
          </label>
        </div>
      </fieldset>
      <h4>Event handlers</h4>
      {properties.eventHandlers.length === 0 && <p className="muted">No event handler: clients connect without asking a backend.</p>}
      {properties.eventHandlers.map((handler, index) => {
        const status = hub?.eventHandlerStatus?.[index];
        return (
          <fieldset key={index} className="handler" aria-label={`Event handler ${index + 1}`}>
            <legend>
              Handler {index + 1}
              {status && status.urlTemplate === handler.urlTemplate && (
                <span className={`badge ${status.validation}`} title={status.message}>
                  {status.validation}
                </span>
              )}
            </legend>
            <label>
              URL template
              <input
                value={handler.urlTemplate}
                onChange={(e) => setHandler(index, { urlTemplate: e.target.value })}
                placeholder="https://backend.example/eventhandler/{event}"
              />
            </label>
            <label>
              User event pattern
              <input value={handler.userEventPattern ?? ''} onChange={(e) => setHandler(index, { userEventPattern: e.target.value })} placeholder="* or event1,event2" />
            </label>
            <div className="row">
              {SYSTEM_EVENTS.map((event) => (
                <label key={event} className="radio">
                  <input
                    type="checkbox"
                    checked={handler.systemEvents?.includes(event) ?? false}
                    onChange={(e) =>
                      setHandler(index, {
                        systemEvents: e.target.checked
                          ? [...(handler.systemEvents ?? []), event]
                          : (handler.systemEvents ?? []).filter((s) => s !== event),
                      })
                    }
                  />
                  {event}
                </label>
              ))}
            </div>
            <div className="row">
              <span className="muted">Group presence</span>
              {PRESENCE_EVENTS.map((event) => (
                <label key={event} className="radio">
                  <input
                    type="checkbox"
                    aria-label={`presence ${event}`}
                    checked={handler.groupPresenceEvents?.eventNames.includes(event) ?? false}
                    onChange={(e) => setHandler(index, { groupPresenceEvents: withPresenceEvent(handler.groupPresenceEvents, event, e.target.checked) })}
                  />
                  {event}
                </label>
              ))}
              <label>
                Groups
                <input
                  value={(handler.groupPresenceEvents?.groupFilters ?? []).join(', ')}
                  disabled={!handler.groupPresenceEvents}
                  onChange={(e) =>
                    handler.groupPresenceEvents &&
                    setHandler(index, { groupPresenceEvents: { ...handler.groupPresenceEvents, groupFilters: splitFilters(e.target.value) } })
                  }
                  placeholder="all groups, or lobby, room-*"
                />
              </label>
            </div>
            <div className="row">
              <button
                type="button"
                className="link danger-text"
                onClick={() => setProperties((p) => ({ ...p, eventHandlers: p.eventHandlers.filter((_, i) => i !== index) }))}
              >
                Remove handler
              </button>
            </div>
          </fieldset>
        );
      })}
      <button type="button" className="secondary" onClick={() => setProperties((p) => ({ ...p, eventHandlers: [...p.eventHandlers, { ...NEW_HANDLER }] }))}>
        Add event handler
      </button>
      <div className="row actions">
        <button type="submit">Save</button>
        {hub && onDelete && (
          <button
            type="button"
            className="danger"
            onClick={() => {
              if (window.confirm(`Delete the settings of hub ${hub.name}? Its clients stay connected; the hub returns to defaults.`)) {
                onDelete(hub.name).catch((e: Error) => setError(e.message));
              }
            }}
          >
            Delete hub
          </button>
        )}
        {error && (
          <span className="error" role="alert">
            {error}
          </span>
        )}
        {notice && <span className="notice">{notice}</span>}
      </div>
    </form>
  );
}

/** Ticking the first presence event turns presence on; unticking the last turns it off (null). */
function withPresenceEvent(current: GroupPresenceEvents | null | undefined, event: GroupPresenceEvents['eventNames'][number], on: boolean): GroupPresenceEvents | null {
  const names = new Set(current?.eventNames ?? []);
  if (on) names.add(event);
  else names.delete(event);
  if (names.size === 0) return null;
  return { ...(current ?? {}), eventNames: PRESENCE_EVENTS.filter((name) => names.has(name)) };
}

/** Typing keeps a trailing comma; empty entries are dropped on save. */
function splitFilters(text: string): string[] | undefined {
  const filters = text.split(',').map((filter) => filter.trim());
  return filters.every((filter) => filter === '') ? undefined : filters;
}

function withoutEmptyFilters(properties: HubProperties): HubProperties {
  return {
    ...properties,
    eventHandlers: properties.eventHandlers.map((handler) => {
      const presence = handler.groupPresenceEvents;
      if (!presence?.groupFilters) return handler;
      const groupFilters = presence.groupFilters.filter((filter) => filter !== '');
      return { ...handler, groupPresenceEvents: { eventNames: presence.eventNames, ...(groupFilters.length > 0 ? { groupFilters } : {}) } };
    }),
  };
}
