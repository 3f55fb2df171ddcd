import { useEffect, useState } from 'react';
import { createColumnHelper } from '@tanstack/react-table';
import type { NodeSummary, NodesResponse } from '@switchboard/protocol';
import { adminApi } from '../api/admin-api';
import { DataTable } from '../components/DataTable';
import { formatDuration, formatTime, pluralize } from '../components/format';

/** Heartbeats come once a second; the page asks again at the same pace. */
const REFRESH_MS = 1000;

const column = createColumnHelper<NodeSummary>();
const columns = [
  column.accessor('nodeId', {
    header: 'Node',
    cell: (info) => (
      <>
        <code>{info.getValue()}</code>
        {info.row.original.self && <span className="muted"> (this page's node)</span>}
      </>
    ),
  }),
  column.accessor('address', { header: 'Address' }),
  column.accessor('uptimeSeconds', { header: 'Uptime', cell: (info) => formatDuration(info.getValue()), enableGlobalFilter: false }),
  column.accessor('connections', { header: 'Connections', enableGlobalFilter: false }),
  column.accessor('messagesPerSecond', { header: 'Messages/s', enableGlobalFilter: false }),
  column.accessor('lastHeartbeat', { header: 'Last heartbeat', cell: (info) => formatTime(info.getValue()), enableGlobalFilter: false }),
];

/** Every node of the cluster as its heartbeats tell it; one node alone without Redis. */
export function NodesPage() {
  const [nodes, setNodes] = useState<NodesResponse | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stopped = false;
    const load = () =>
      adminApi.nodes().then(
        (answer) => !stopped && (setNodes(answer), setError(null)),
        (e: Error) => !stopped && setError(e.message),
      );
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);

  const count = nodes?.value.length ?? 0;
  return (
    <section>
      <h2>Nodes</h2>
      <p className="muted">
        {nodes === null
          ? 'Loading…'
          : nodes.bus === 'in-process'
            ? 'One node alone: set REDIS_URL on several nodes to run them as one cluster.'
            : `${pluralize(count, 'node')} on Redis${nodes.busUp ? '' : ' — this node cannot reach Redis now and serves its own clients alone'}.`}
      </p>
      {error && <p className="error">{error}</p>}
      {nodes && <DataTable label="nodes" singular="node" data={nodes.value} columns={columns} getRowId={(row) => row.nodeId} emptyText="No node." />}
    </section>
  );
}
