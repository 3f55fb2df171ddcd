import { useCallback, useEffect, useState } from 'react';
import { createColumnHelper } from '@tanstack/react-table';
import { hubNameProblem, type RetainedSummary } from '@switchboard/protocol';
import { adminApi } from '../api/admin-api';
import { DataTable } from '../components/DataTable';
import { HubInput } from '../components/HubInput';
import { useHubChoice } from '../components/useHubChoice';
import { formatBytes, formatDateTime, pluralize } from '../components/format';

const column = createColumnHelper<RetainedSummary>();

/** A hub's retained MQTT messages (hubs with retained messages on): search by topic, delete one. */
export function RetainedPage() {
  const { hub, setHub, knownHubs } = useHubChoice();
  const [search, setSearch] = useState('');
  const [rows, setRows] = useState<RetainedSummary[]>([]);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const valid = hubNameProblem(hub.trim()) === null;

  const load = useCallback(async () => {
    setError(null);
    if (!valid) return setRows([]);
    try {
      const page = await adminApi.retained(hub.trim(), search.trim());
      setRows(page.value);
      setTotal(page.total);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [hub, search, valid]);

  useEffect(() => void load(), [load]);

  const columns = [
    column.accessor('topic', { header: 'Topic', cell: (info) => <code>{info.getValue()}</code> }),
    column.accessor('qos', { header: 'QoS', enableGlobalFilter: false }),
    column.accessor('size', { header: 'Size', enableGlobalFilter: false, cell: (info) => formatBytes(info.getValue()) }),
    column.accessor('preview', { header: 'Payload' }),
    column.accessor('storedAt', { header: 'Stored at', enableGlobalFilter: false, cell: (info) => formatDateTime(info.getValue()) }),
    column.display({
      id: 'delete',
      header: '',
      cell: (info) => (
        <button
          className="link danger-text"
          aria-label={`Delete retained message of ${info.row.original.topic}`}
          onClick={() => {
            const { topic } = info.row.original;
            if (window.confirm(`Delete the retained message of topic ${topic}? New subscribers will no longer get it.`)) {
              adminApi.deleteRetained(hub.trim(), topic).then(load, (e: Error) => setError(e.message));
            }
          }}
        >
          Delete
        </button>
      ),
    }),
  ];

  return (
    <section>
      <h2>Retained messages</h2>
      <div className="card row">
        <HubInput value={hub} onChange={setHub} suggestions={knownHubs} />
        <label>
          Topic contains
          <input value={search} onChange={(e) => setSearch(e.target.value)} placeholder="sensors/" />
        </label>
        <button className="secondary" onClick={() => void load()} disabled={!valid}>
          Refresh
        </button>
      </div>
      {error && <p className="error">{error}</p>}
      {valid && (
        <>
          {total > rows.length && <p className="muted">{`${pluralize(total, 'retained message')} match; the first ${rows.length} are shown.`}</p>}
          <DataTable label="retained messages" singular="retained message" data={rows} columns={columns} getRowId={(row) => row.topic} emptyText="No retained message in this hub." />
        </>
      )}
    </section>
  );
}
