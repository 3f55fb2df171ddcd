import { useCallback, useEffect, useState } from 'react';
import { createColumnHelper } from '@tanstack/react-table';
import { useNavigate, useParams } from 'react-router';
import type { HubResource } from '@switchboard/protocol';
import { adminApi } from '../api/admin-api';
import { DataTable } from '../components/DataTable';
import { formatDateTime } from '../components/format';
import { HubEditor } from './HubEditor';

const column = createColumnHelper<HubResource>();
const columns = [
  column.accessor('name', { header: 'Hub' }),
  column.accessor((hub) => hub.properties.eventHandlers.length, { id: 'handlers', header: 'Event handlers', enableGlobalFilter: false }),
  column.accessor((hub) => hub.properties.anonymousConnectPolicy, { id: 'anonymous', header: 'Anonymous connect' }),
  column.accessor((hub) => hub.properties.webSocketKeepAliveIntervalInSeconds, { id: 'keepAlive', header: 'Keep-alive (s)', enableGlobalFilter: false }),
  column.accessor((hub) => hub.updatedAt ?? '', { id: 'updatedAt', header: 'Updated', cell: (info) => (info.getValue() ? formatDateTime(info.getValue()) : '') }),
];

/** Configured hubs; /hubs/{hub} edits one, /hubs/new creates one. */
export function HubsPage() {
  const { hub: selected } = useParams();
  const navigate = useNavigate();
  const [hubs, setHubs] = useState<HubResource[]>([]);
  const [editing, setEditing] = useState<HubResource | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => adminApi.hubs().then(setHubs, (e: Error) => setError(e.message)), []);
  useEffect(() => void load(), [load]);
  useEffect(() => {
    setEditing(null);
    if (selected && selected !== 'new') adminApi.hub(selected).then(setEditing, (e: Error) => setError(e.message));
  }, [selected]);

  return (
    <section>
      <div className="title-row">
        <h2>Hubs</h2>
        <button onClick={() => navigate('/hubs/new')}>New hub</button>
      </div>
      <p className="muted">Hubs work without configuration; configure one to add event handlers or allow anonymous clients.</p>
      {error && <p className="error">{error}</p>}
      <DataTable
        label="hubs"
        singular="hub"
        data={hubs}
        columns={columns}
        getRowId={(hub) => hub.name}
        emptyText="No hub is configured yet."
        onRowClick={(hub) => navigate(`/hubs/${encodeURIComponent(hub.name)}`)}
        selectedId={editing?.name ?? null}
      />
      {(selected === 'new' || editing) && (
        <HubEditor
          key={editing?.name ?? 'new'}
          hub={editing}
          onSave={async (name, properties) => {
            const saved = await adminApi.saveHub(name, properties);
            await load();
            setEditing(saved);
            if (!editing) navigate(`/hubs/${encodeURIComponent(saved.name)}`, { replace: true });
          }}
          onDelete={async (name) => {
            await adminApi.deleteHub(name);
            await load();
            navigate('/hubs');
          }}
        />
      )}
    </section>
  );
}
