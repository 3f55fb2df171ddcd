import { useCallback, useEffect, useState } from 'react';
import { createColumnHelper } from '@tanstack/react-table';
import { hubNameProblem, type ConnectionSummary, type GroupSummary } from '@switchboard/protocol';
import { adminApi } from '../api/admin-api';
import { DataTable } from '../components/DataTable';
import { HubInput } from '../components/HubInput';
import { useHubChoice } from '../components/useHubChoice';
import { BreakAtDots, StackedDateTime } from '../components/cells';

const groupColumn = createColumnHelper<GroupSummary>();
const groupColumns = [groupColumn.accessor('name', { header: 'Group' }), groupColumn.accessor('members', { header: 'Members', enableGlobalFilter: false })];

/** Groups of a hub with their member counts; a group's members, removable one by one or all at once. */
export function GroupsPage() {
  const { hub, setHub, knownHubs } = useHubChoice();
  const [groups, setGroups] = useState<GroupSummary[]>([]);
  const [group, setGroup] = useState<string | null>(null);
  const [members, setMembers] = useState<ConnectionSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const valid = hubNameProblem(hub.trim()) === null;

  const load = useCallback(async () => {
    setError(null);
    if (!valid) return setGroups([]);
    try {
      setGroups((await adminApi.groups(hub.trim())).value);
      if (group) setMembers(await adminApi.groupMembers(hub.trim(), group));
    } catch (e) {
      setError((e as Error).message);
    }
  }, [hub, group, valid]);

  useEffect(() => void load(), [load]);

  const memberColumn = createColumnHelper<ConnectionSummary>();
  const memberColumns = [
    memberColumn.accessor('connectionId', { header: 'Connection id', cell: (info) => <code>{info.getValue()}</code> }),
    memberColumn.accessor((row) => row.userId ?? '', { id: 'userId', header: 'User', meta: { className: 'break-anywhere' } }),
    memberColumn.accessor('protocol', { header: 'Protocol', cell: (info) => <BreakAtDots text={info.getValue()} /> }),
    memberColumn.accessor('connectedAt', { header: 'Connected at', cell: (info) => <StackedDateTime at={info.getValue()} /> }),
    memberColumn.display({
      id: 'remove',
      header: '',
      cell: (info) => (
        <button
          className="link danger-text"
          onClick={(event) => {
            event.stopPropagation();
            adminApi.removeFromGroup(info.row.original.hub, info.row.original.connectionId, group!).then(load, (e: Error) => setError(e.message));
          }}
        >
          Remove
        </button>
      ),
    }),
  ];

  return (
    <section>
      <h2>Groups</h2>
      <div className="card row">
        <HubInput value={hub} onChange={(value) => (setHub(value), setGroup(null))} suggestions={knownHubs} />
        <button className="secondary" onClick={() => void load()} disabled={!valid}>
          Refresh
        </button>
      </div>
      {error && <p className="error">{error}</p>}
      {valid && (
        <div className="split">
          <DataTable
            label="groups"
            singular="group"
            data={groups}
            columns={groupColumns}
            getRowId={(row) => row.name}
            emptyText="No group has a member in this hub."
            onRowClick={(row) => setGroup(row.name)}
            selectedId={group}
          />
          {group && (
            <div>
              <div className="title-row">
                <h3>Members of {group}</h3>
                <button
                  className="danger"
                  onClick={() => adminApi.clearGroup(hub.trim(), group).then(() => (setGroup(null), load()), (e: Error) => setError(e.message))}
                >
                  Remove all
                </button>
              </div>
              <DataTable label="members" singular="member" data={members} columns={memberColumns} getRowId={(row) => row.connectionId} />
            </div>
          )}
        </div>
      )}
    </section>
  );
}
