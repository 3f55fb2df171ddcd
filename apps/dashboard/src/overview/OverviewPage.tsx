import { useEffect, useState } from 'react';
import { OVERVIEW_HISTORY_SECONDS, type HubOverview, type LiveServerMessage, type OverviewSnapshot } from '@switchboard/protocol';
import { Sparkline } from '../components/Sparkline';
import { formatDuration, pluralize } from '../components/format';
import { useSession } from '../session/session';

/** Per hub: connections by protocol, messages per second, groups and the last minutes as a chart. */
export function OverviewPage() {
  const { live } = useSession();
  const [overview, setOverview] = useState<OverviewSnapshot | null>(null);

  useEffect(() => {
    if (!live) return;
    return live.subscribe({ topic: 'overview' }, (message) => {
      if (message.type === 'overview') setOverview(message.snapshot);
      else if (message.type === 'overviewSamples') {
        setOverview((previous) => (previous ? applySamples(previous, message) : previous));
      }
    });
  }, [live]);

  if (!overview) return <p className="loading">Loading…</p>;
  return (
    <section>
      <h2>Overview</h2>
      <div className="stats">
        <div className="stat card">
          <span className="muted">Version</span>
          <strong>{overview.version}</strong>
        </div>
        <div className="stat card">
          <span className="muted">Uptime</span>
          <strong>{formatDuration(overview.uptimeSeconds)}</strong>
        </div>
        <div className="stat card">
          <span className="muted">Connections</span>
          <strong>{overview.hubs.reduce((sum, hub) => sum + total(hub), 0)}</strong>
        </div>
        <div className="stat card">
          <span className="muted">Active hubs</span>
          <strong>{overview.hubs.length}</strong>
        </div>
      </div>
      {overview.hubs.length === 0 && <p className="muted">No hub has had traffic in the last {pluralize(OVERVIEW_HISTORY_SECONDS / 60, 'minute')}.</p>}
      <div className="hub-cards">
        {overview.hubs.map((hub) => (
          <HubCard key={hub.hub} hub={hub} />
        ))}
      </div>
    </section>
  );
}

/** The charts show the last two minutes; the server keeps five for a page opened later. */
const CHART_SECONDS = 120;

function total(hub: HubOverview): number {
  return Object.values(hub.connectionsByProtocol).reduce((sum, n) => sum + n, 0);
}

function HubCard({ hub }: { hub: HubOverview }) {
  const last = hub.history.at(-1);
  return (
    <article className="card hub-card" aria-label={`Hub ${hub.hub}`}>
      <header>
        <h3>{hub.hub}</h3>
        <span className="muted">{pluralize(hub.groups, 'group')}</span>
      </header>
      <div className="numbers">
        <span>{pluralize(total(hub), 'connection')}</span>
        <span>
          <strong>{last?.messagesInPerSecond ?? 0}</strong> msg/s in
        </span>
        <span>
          <strong>{last?.messagesOutPerSecond ?? 0}</strong> msg/s out
        </span>
      </div>
      <ul className="chips">
        {Object.entries(hub.connectionsByProtocol).map(([protocol, count]) => (
          <li key={protocol} className="chip">
            {protocol}: {count}
          </li>
        ))}
      </ul>
      <Sparkline
        series={[
          { label: 'in/s', values: hub.history.slice(-CHART_SECONDS).map((s) => s.messagesInPerSecond), color: '#2457c5' },
          { label: 'out/s', values: hub.history.slice(-CHART_SECONDS).map((s) => s.messagesOutPerSecond), color: '#1b998b' },
        ]}
        window={CHART_SECONDS}
      />
      <Sparkline series={[{ label: 'connections', values: hub.history.slice(-CHART_SECONDS).map((s) => s.connections), color: '#8a4baf' }]} height={40} window={CHART_SECONDS} />
    </article>
  );
}

type Samples = Extract<LiveServerMessage, { type: 'overviewSamples' }>;

function applySamples(previous: OverviewSnapshot, message: Samples): OverviewSnapshot {
  const byHub = new Map(previous.hubs.map((hub) => [hub.hub, hub]));
  for (const { hub, sample, connectionsByProtocol, groups } of message.samples) {
    const before = byHub.get(hub);
    const history = [...(before?.history ?? []), sample].slice(-OVERVIEW_HISTORY_SECONDS);
    byHub.set(hub, { hub, connectionsByProtocol, groups, history });
  }
  return { ...previous, uptimeSeconds: message.uptimeSeconds, hubs: [...byHub.values()].sort((a, b) => a.hub.localeCompare(b.hub)) };
}
