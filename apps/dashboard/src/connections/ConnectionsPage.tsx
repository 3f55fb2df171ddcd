import { useMemo, useState } from 'react';
import { connectionKey } from '@switchboard/protocol';
import { DataTable } from '../components/DataTable';
import { useKnownHubs } from '../components/useKnownHubs';
import { ConnectionPanel } from './ConnectionPanel';
import { connectionColumns } from './columns';
import { useLiveConnections } from './useLiveConnections';

/** Live table of connections, across hubs or within one; updated by the push channel. */
export function ConnectionsPage() {
  const [hub, setHub] = useState<string>('');
  const knownHubs = useKnownHubs().names;
  const { rows, ready } = useLiveConnections(hub === '' ? undefined : hub);
  // Hubs are implicit: a hub shows up here as soon as it has a client.
  const hubs = useMemo(() => [...new Set([...knownHubs.map((name) => name.toLowerCase()), ...rows.map((row) => row.hub)])].sort(), [knownHubs, rows]);
  const [selected, setSelected] = useState<string | null>(null);
  const selectedRow = selected ? rows.find((row) => connectionKey(row) === selected) : undefined;

  return (
    <section>
      <h2>Connections</h2>
      <div className={selectedRow ? 'with-panel' : undefined}>
        <DataTable
          label="connections"
          singular="connection"
          columnsKey="connections"
          data={rows}
          columns={connectionColumns}
          getRowId={connectionKey}
          filterPlaceholder="Filter by id, user, group, protocol, address…"
          pageSize={50}
          initialSorting={[{ id: 'connectedAt', desc: true }]}
          emptyText={ready ? 'No connection is open.' : 'Loading…'}
          onRowClick={(row) => setSelected(connectionKey(row))}
          selectedId={selected}
          toolbar={
            <select aria-label="Hub" value={hub} onChange={(event) => setHub(event.target.value)}>
              <option value="">All hubs</option>
              {hubs.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          }
        />
        {selectedRow && <ConnectionPanel connection={selectedRow} onClose={() => setSelected(null)} />}
      </div>
    </section>
  );
}
