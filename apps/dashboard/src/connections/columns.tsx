import { createColumnHelper } from '@tanstack/react-table';
import type { ConnectionSummary } from '@switchboard/protocol';
import { BreakAtDots, Stacked, StackedDateTime } from '../components/cells';
import { formatBytes, pluralize } from '../components/format';

const column = createColumnHelper<ConnectionSummary>();

/**
 * Columns of the connections table; text accessors so the filter box finds groups and addresses
 * too. Long values (ids, protocols, groups) may wrap and dates and traffic take two short lines,
 * so every column fits a 1280 px window.
 */
export const connectionColumns = [
  column.accessor('hub', { header: 'Hub' }),
  column.accessor('connectionId', {
    header: 'Connection id',
    // The row's identity: the one column that cannot be hidden.
    enableHiding: false,
    cell: (info) => <code>{info.getValue()}</code>,
  }),
  column.accessor((row) => row.userId ?? '', { id: 'userId', header: 'User', meta: { className: 'break-anywhere' } }),
  column.accessor('protocol', {
    header: 'Protocol',
    cell: (info) => <span className={`badge ${info.row.original.kind}`}><BreakAtDots text={info.getValue()} /></span>,
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
  column.accessor((row) => row.remoteAddress ?? '', { id: 'remoteAddress', header: 'Remote address', meta: { className: 'break-anywhere' } }),
  column.accessor('connectedAt', { header: 'Connected at', cell: (info) => <StackedDateTime at={info.getValue()} /> }),
  column.accessor('messagesIn', {
    header: 'In',
    enableGlobalFilter: false,
    meta: { className: 'numeric' },
    cell: (info) => <Stacked first={pluralize(info.getValue(), 'msg')} second={formatBytes(info.row.original.bytesIn)} />,
  }),
  column.accessor('messagesOut', {
    header: 'Out',
    enableGlobalFilter: false,
    meta: { className: 'numeric' },
    cell: (info) => <Stacked first={pluralize(info.getValue(), 'msg')} second={formatBytes(info.row.original.bytesOut)} />,
  }),
];
