import { createColumnHelper } from '@tanstack/react-table';
import type { ConnectionSummary } from '@switchboard/protocol';
import { formatBytes, formatDateTime, pluralize } from '../components/format';

const column = createColumnHelper<ConnectionSummary>();

/** Columns of the connections table; text accessors so the filter box finds groups and addresses too. */
export const connectionColumns = [
  column.accessor('hub', { header: 'Hub' }),
  column.accessor('connectionId', { header: 'Connection id', cell: (info) => <code>{info.getValue()}</code> }),
  column.accessor((row) => row.userId ?? '', { id: 'userId', header: 'User' }),
  column.accessor('protocol', {
    header: 'Protocol',
    cell: (info) => <span className={`badge ${info.row.original.kind}`}>{info.getValue()}</span>,
  }),
  column.accessor((row) => row.groups.join(', '), {
    id: 'groups',
    header: 'Groups',
    cell: (info) => (
      <span className="chips">
        {info.row.original.groups.map((group) => (
          <span key={group} className="chip">
            {group}
          </span>
        ))}
      </span>
    ),
  }),
  column.accessor((row) => row.remoteAddress ?? '', { id: 'remoteAddress', header: 'Remote address' }),
  column.accessor('connectedAt', { header: 'Connected at', cell: (info) => formatDateTime(info.getValue()) }),
  column.accessor('messagesIn', {
    header: 'In',
    enableGlobalFilter: false,
    cell: (info) => `${pluralize(info.getValue(), 'msg')} · ${formatBytes(info.row.original.bytesIn)}`,
  }),
  column.accessor('messagesOut', {
    header: 'Out',
    enableGlobalFilter: false,
    cell: (info) => `${pluralize(info.getValue(), 'msg')} · ${formatBytes(info.row.original.bytesOut)}`,
  }),
];
