import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { createColumnHelper } from '@tanstack/react-table';
import { afterEach, describe, expect, it } from 'vitest';
import { DataTable } from './DataTable';

interface Row {
  id: string;
  user: string;
  groups: string;
  messages: number;
}

const column = createColumnHelper<Row>();
const columns = [
  column.accessor('id', { header: 'Id' }),
  column.accessor('user', { header: 'User' }),
  column.accessor('groups', { header: 'Groups' }),
  column.accessor('messages', { header: 'Messages', enableGlobalFilter: false }),
];

function rows(count: number): Row[] {
  return Array.from({ length: count }, (_, i) => ({ id: `conn-${i}`, user: i % 2 ? 'alice' : 'bob', groups: i % 3 === 0 ? 'lobby' : 'room', messages: i }));
}

function bodyRows(): string[] {
  const table = screen.getByRole('table', { name: 'connections' });
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('cell')[0].textContent ?? '');
}

afterEach(cleanup);

describe('DataTable', () => {
  it('shows one page of rows and pages through the rest', () => {
    render(<DataTable label="connections" singular="connection" data={rows(30)} columns={columns} getRowId={(r) => r.id} pageSize={10} />);
    expect(bodyRows()).toHaveLength(10);
    expect(screen.getByText('Page 1 of 3')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(bodyRows()[0]).toBe('conn-10');
  });

  it('filters across text columns, case-insensitively, and counts what matches', () => {
    render(<DataTable label="connections" singular="connection" data={rows(30)} columns={columns} getRowId={(r) => r.id} pageSize={50} />);
    fireEvent.change(screen.getByLabelText('Filter connections'), { target: { value: 'LOBBY' } });
    expect(bodyRows()).toHaveLength(10);
    expect(screen.getByText('10 of 30 connections')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Filter connections'), { target: { value: 'conn-2' } });
    expect(bodyRows().sort()).toEqual(['conn-2', 'conn-20', 'conn-21', 'conn-22', 'conn-23', 'conn-24', 'conn-25', 'conn-26', 'conn-27', 'conn-28', 'conn-29']);
  });

  it('does not match numbers of columns left out of the filter', () => {
    render(<DataTable label="connections" singular="connection" data={rows(5)} columns={columns} getRowId={(r) => r.id} />);
    fireEvent.change(screen.getByLabelText('Filter connections'), { target: { value: 'nobody' } });
    expect(screen.getByText('No row matches the filter.')).toBeTruthy();
  });

  it('goes back to the first page when the filter changes', () => {
    render(<DataTable label="connections" singular="connection" data={rows(30)} columns={columns} getRowId={(r) => r.id} pageSize={10} />);
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    fireEvent.change(screen.getByLabelText('Filter connections'), { target: { value: 'alice' } });
    expect(bodyRows()[0]).toBe('conn-1');
  });

  it('sorts numbers biggest first, then the other way', () => {
    render(<DataTable label="connections" singular="connection" data={rows(4)} columns={columns} getRowId={(r) => r.id} />);
    fireEvent.click(screen.getByRole('columnheader', { name: /Messages/ }));
    expect(bodyRows()).toEqual(['conn-3', 'conn-2', 'conn-1', 'conn-0']);
    expect(screen.getByRole('columnheader', { name: /Messages/ }).getAttribute('aria-sort')).toBe('descending');
    fireEvent.click(screen.getByRole('columnheader', { name: /Messages/ }));
    expect(bodyRows()).toEqual(['conn-0', 'conn-1', 'conn-2', 'conn-3']);
  });

  it('sorts text A to Z first', () => {
    render(<DataTable label="connections" singular="connection" data={rows(4)} columns={columns} getRowId={(r) => r.id} />);
    fireEvent.click(screen.getByRole('columnheader', { name: /User/ }));
    expect(bodyRows().slice(0, 2).sort()).toEqual(['conn-1', 'conn-3']);
  });

  it('keeps the filter when live rows arrive', () => {
    const { rerender } = render(<DataTable label="connections" singular="connection" data={rows(3)} columns={columns} getRowId={(r) => r.id} />);
    fireEvent.change(screen.getByLabelText('Filter connections'), { target: { value: 'alice' } });
    rerender(<DataTable label="connections" singular="connection" data={rows(6)} columns={columns} getRowId={(r) => r.id} />);
    expect(bodyRows().sort()).toEqual(['conn-1', 'conn-3', 'conn-5']);
  });

  it('counts one row in the singular', () => {
    render(<DataTable label="connections" singular="connection" data={rows(1)} columns={columns} getRowId={(r) => r.id} />);
    expect(screen.getByText('1 connection')).toBeTruthy();
  });

  describe('column picker', () => {
    afterEach(() => window.localStorage.clear());
    const headers = () => screen.getAllByRole('columnheader').map((th) => th.textContent?.trim());
    const table = () => <DataTable label="connections" singular="connection" data={rows(2)} columns={columns} getRowId={(r) => r.id} columnsKey="test" />;

    it('hides a column and keeps the choice for the next visit', () => {
      render(table());
      fireEvent.click(screen.getByLabelText('User'));
      expect(headers()).toEqual(['Id', 'Groups', 'Messages']);
      cleanup();
      render(table());
      expect(headers()).toEqual(['Id', 'Groups', 'Messages']);
      fireEvent.click(screen.getByRole('button', { name: 'Show all' }));
      expect(headers()).toEqual(['Id', 'User', 'Groups', 'Messages']);
    });

    it('keeps the last visible column', () => {
      render(table());
      for (const name of ['Id', 'User', 'Groups']) fireEvent.click(screen.getByLabelText(name));
      expect(headers()).toEqual(['Messages']);
      expect((screen.getByLabelText('Messages') as HTMLInputElement).disabled).toBe(true);
    });

    it('starts from every column when what is stored cannot be read', () => {
      window.localStorage.setItem('switchboard.columns.test', '{not json');
      render(table());
      expect(headers()).toEqual(['Id', 'User', 'Groups', 'Messages']);
    });
  });
});
