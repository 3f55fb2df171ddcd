import { useEffect, useMemo, useState } from 'react';
import { OVERVIEW_HISTORY_SECONDS, type HubSample, type OverviewSnapshot } from '@switchboard/protocol';
import { TimeChart } from '../components/TimeChart';
import { formatDuration, pluralize } from '../components/format';
import { useSession } from '../session/session';
import { applySamples, connectionCount, totalHistory } from './overview-history';

/** The charts show the last two minutes; the server keeps five for a page opened later. */
const CHART_SECONDS = 120;
const COLORS = { in: '#2457c5', out: '#1b998b', connections: '#8a4baf' };

/** Per hub and in total: connections by protocol, messages per second, groups, and the last minutes as charts. */
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

  const total = useMemo(() => (overview ? totalHistory(overview.hubs) : []), [overview]);

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
          <strong>{overview.hubs.reduce((sum, hub) => sum + connectionCount(hub), 0)}</strong>
        </div>
        <div className="stat card">
          <span className="muted">Active hubs</span>
          <strong>{overview.hubs.length}</strong>
        </div>
      </div>
      {overview.hubs.length === 0 ? (
        <p className="muted">No hub has had traffic in the last {pluralize(OVERVIEW_HISTORY_SECONDS / 60, 'minute')}.</p>
      ) : (
        <article className="card" aria-label="All hubs">
          <header className="title-row">
            <h3>All hubs</h3>
            <span className="muted">{pluralize(overview.hubs.length, 'hub')} with traffic in the last {pluralize(OVERVIEW_HISTORY_SECONDS / 60, 'minute')}</span>
          </header>
          <div className="chart-pair">
            <HistoryCharts history={total} scope="all hubs" />
          </div>
        </article>
      )}
      <div className="hub-cards">
        {overview.hubs.map((hub) => {
          const last = hub.history.at(-1);
          return (
            <article key={hub.hub} className="card hub-card" aria-label={`Hub ${hub.hub}`}>
              <header>
                <h3>{hub.hub}</h3>
                <span className="muted">{pluralize(hub.groups, 'group')}</span>
              </header>
              <div className="numbers">
                <span>{pluralize(connectionCount(hub), 'connection')}</span>
                <span>{last?.messagesInPerSecond ?? 0} msg/s in</span>
                <span>{last?.messagesOutPerSecond ?? 0} msg/s out</span>
              </div>
              <ul className="chips">
                {Object.entries(hub.connectionsByProtocol).map(([protocol, count]) => (
                  <li key={protocol} className="chip">
                    {protocol}: {count}
                  </li>
                ))}
              </ul>
              <HistoryCharts history={hub.history} scope={`hub ${hub.hub}`} />
            </article>
          );
        })}
      </div>
    </section>
  );
}

/** Connections, and messages in and out per second, over the last CHART_SECONDS. */
function HistoryCharts({ history, scope }: { history: HubSample[]; scope: string }) {
  const { times, connections, messages } = useMemo(() => {
    const shown = history.slice(-(CHART_SECONDS + 1));
    return {
      times: shown.map((s) => s.at),
      connections: [{ label: 'connections', color: COLORS.connections, values: shown.map((s) => s.connections) }],
      messages: [
        { label: 'in', color: COLORS.in, values: shown.map((s) => s.messagesInPerSecond) },
        { label: 'out', color: COLORS.out, values: shown.map((s) => s.messagesOutPerSecond) },
      ],
    };
  }, [history]);
  return (
    <>
      <TimeChart title="Connections" description={`Connections, ${scope}`} times={times} series={connections} windowSeconds={CHART_SECONDS} syncKey="overview" />
      <TimeChart title="Messages per second" description={`Messages per second, ${scope}`} times={times} series={messages} windowSeconds={CHART_SECONDS} syncKey="overview" />
    </>
  );
}
