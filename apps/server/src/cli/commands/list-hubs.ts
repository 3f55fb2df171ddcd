import { AZURE_SESSION_EXPIRY_SECONDS, type HubResource, type MqttHubSettings } from '@switchboard/protocol';
import type { Command } from '../command';

export const listHubs: Command = {
  name: 'list-hubs',
  synopsis: '[--json]',
  summary: 'list the hubs with stored settings: policy, keep-alive, MQTT features, event handlers',
  help: `  --json  print the hubs as a JSON array of hub resources, as GET /admin/api/hubs has them

Hubs nobody configured are not listed: they run on Azure's defaults.`,
  options: { json: { type: 'boolean' } },
  positionals: { names: [], required: 0 },
  prepare(values) {
    return async ({ app, parts, out, note }) => {
      const hubs = await app.get(parts.HubsService).list();
      if (values.json) return out(JSON.stringify(hubs, null, 2));
      if (hubs.length === 0) return note('No hub has stored settings: every hub runs on the defaults.');
      out(table(['HUB', 'ANONYMOUS', 'KEEP-ALIVE', 'MQTT', 'EVENT HANDLERS', 'UPDATED'], hubs.map(row)));
    };
  },
};

function row({ name, properties, updatedAt }: HubResource): string[] {
  return [
    name,
    properties.anonymousConnectPolicy,
    `${properties.webSocketKeepAliveIntervalInSeconds} s`,
    mqttSummary(properties.mqtt),
    String(properties.eventHandlers.length),
    updatedAt ? updatedAt.replace('T', ' ').slice(0, 19) : '',
  ];
}

/** Only what differs from Azure's MQTT; `-` when nothing does. */
function mqttSummary(mqtt: MqttHubSettings): string {
  const features = [
    mqtt.wildcardSubscriptions && 'wildcards',
    mqtt.sharedSubscriptions && 'shared',
    mqtt.retainedMessages && 'retained',
    mqtt.topicAliasMaximum > 0 && `aliases ${mqtt.topicAliasMaximum}`,
    mqtt.maxSessionExpirySeconds !== AZURE_SESSION_EXPIRY_SECONDS && `sessions ${mqtt.maxSessionExpirySeconds} s`,
  ].filter(Boolean);
  return features.length ? features.join(', ') : '-';
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((cells) => cells[column].length)));
  return [header, ...rows].map((cells) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()).join('\n');
}
