import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { BroadcastBody } from '@switchboard/protocol';
import { MessageComposer } from './MessageComposer';

afterEach(cleanup);

function setup() {
  const sent: BroadcastBody[] = [];
  render(
    <MessageComposer
      defaultHub="chat"
      onSend={async (body) => {
        sent.push(body);
      }}
    />,
  );
  const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label, { exact: true }), { target: { value } });
  const send = () => fireEvent.click(screen.getByRole('button', { name: 'Send' }));
  return { sent, type, send };
}

describe('MessageComposer', () => {
  it('sends a text message to a group', async () => {
    const { sent, type, send } = setup();
    fireEvent.change(screen.getByLabelText('Target'), { target: { value: 'group' } });
    type('Group name', 'lobby');
    type('Message', 'hello');
    send();
    await screen.findByText('Sent to group lobby.');
    expect(sent).toEqual([{ hub: 'chat', target: 'group', to: 'lobby', dataType: 'text', data: 'hello' }]);
  });

  it('refuses JSON that does not parse, and sends it once fixed', async () => {
    const { sent, type, send } = setup();
    fireEvent.click(screen.getByLabelText('JSON'));
    type('Message', '{"a":');
    expect(screen.getByRole('alert').textContent).toBe('the message is not valid JSON');
    send();
    expect(sent).toEqual([]);
    expect((screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(true);
    type('Message', '{"a":1}');
    send();
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toMatchObject({ dataType: 'json', data: '{"a":1}' });
  });

  it('refuses binary that is not base64', () => {
    const { type } = setup();
    fireEvent.click(screen.getByLabelText('Binary (base64)'));
    type('Message', 'AQ*D');
    expect(screen.getByRole('alert').textContent).toBe('the message is not valid base64');
  });

  it('explains a bad OData filter with the parser’s own message', () => {
    const { type } = setup();
    type('Message', 'x');
    fireEvent.change(screen.getByLabelText(/^Filter/), { target: { value: "userId eq" } });
    expect(screen.getByRole('alert').textContent).toMatch(/Invalid syntax for 'userId eq'/);
  });

  it('asks for the group, user or connection the target needs', () => {
    const { sent, type, send } = setup();
    fireEvent.change(screen.getByLabelText('Target'), { target: { value: 'user' } });
    type('Message', 'x');
    send();
    expect(screen.getByRole('alert').textContent).toBe('a user id is required');
    expect(sent).toEqual([]);
  });

  it('sends excluded ids and a filter for a hub, split from what was typed', async () => {
    const { sent, type, send } = setup();
    type('Message', 'x');
    type('Excluded connection ids', 'a, b\nc');
    fireEvent.change(screen.getByLabelText(/^Filter/), { target: { value: "'vip' in groups" } });
    send();
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({ hub: 'chat', target: 'hub', dataType: 'text', data: 'x', excluded: ['a', 'b', 'c'], filter: "'vip' in groups" });
  });

  it('shows the default hub once it arrives, until the admin types another', () => {
    const onSend = async () => undefined;
    const { rerender } = render(<MessageComposer onSend={onSend} />);
    const hub = () => (screen.getByLabelText('Hub') as HTMLInputElement).value;
    expect(hub()).toBe('');
    rerender(<MessageComposer defaultHub="chat" onSend={onSend} />);
    expect(hub()).toBe('chat');
    fireEvent.change(screen.getByLabelText('Hub'), { target: { value: '' } });
    rerender(<MessageComposer defaultHub="other" onSend={onSend} />);
    expect(hub()).toBe('');
  });
});
