import { OVERVIEW_HISTORY_SECONDS, type HubOverview, type HubSample, type LiveServerMessage, type OverviewSnapshot } from '@switchboard/protocol';

type Samples = Extract<LiveServerMessage, { type: 'overviewSamples' }>;

/**
 * One second's samples added to the snapshot. Each message carries every hub the server still
 * keeps, so a hub missing from it was forgotten there (idle for the whole window) and goes here too.
 */
export function applySamples(previous: OverviewSnapshot, message: Samples): OverviewSnapshot {
  const before = new Map(previous.hubs.map((hub) => [hub.hub, hub]));
  const hubs: HubOverview[] = message.samples.map(({ hub, sample, connectionsByProtocol, groups }) => ({
    hub,
    connectionsByProtocol,
    groups,
    history: [...(before.get(hub)?.history ?? []), sample].slice(-OVERVIEW_HISTORY_SECONDS),
  }));
  return { ...previous, uptimeSeconds: message.uptimeSeconds, hubs: hubs.sort((a, b) => a.hub.localeCompare(b.hub)) };
}

/**
 * The whole server's history: every hub is sampled on the same tick, so samples taken at the same
 * instant add up.
 */
export function totalHistory(hubs: HubOverview[]): HubSample[] {
  const byTime = new Map<number, HubSample>();
  for (const { history } of hubs) {
    for (const { at, connections, messagesInPerSecond, messagesOutPerSecond } of history) {
      const total = byTime.get(at) ?? { at, connections: 0, messagesInPerSecond: 0, messagesOutPerSecond: 0 };
      total.connections += connections;
      total.messagesInPerSecond += messagesInPerSecond;
      total.messagesOutPerSecond += messagesOutPerSecond;
      byTime.set(at, total);
    }
  }
  return [...byTime.values()].sort((a, b) => a.at - b.at);
}

export function connectionCount(hub: Pick<HubOverview, 'connectionsByProtocol'>): number {
  return Object.values(hub.connectionsByProtocol).reduce((sum, n) => sum + n, 0);
}
