import type { Send } from '@switchboard/protocol';
import { SendCapture } from './cluster.port';

const send = (hub: string, data: string): Send => ({ hub, target: { kind: 'hub' }, from: { kind: 'server' }, payload: { dataType: 'text', data } });

describe('send capture of a hand-over', () => {
  it('keeps only the sends of its hub that come after its start, until stopped', () => {
    const capture = new SendCapture('chat');
    capture.offer(send('chat', 'before the request'));
    capture.start();
    capture.offer(send('other', 'another hub'));
    capture.offer(send('chat', 'after 1'));
    capture.offer(send('chat', 'after 2'));
    expect(capture.stop().map((s) => s.payload.data)).toEqual(['after 1', 'after 2']);
    capture.offer(send('chat', 'after stop'));
    expect(capture.stop()).toEqual([]);
    expect(capture.isOpen).toBe(false);
  });

  it('never starts once stopped', () => {
    const capture = new SendCapture('chat');
    capture.stop();
    capture.start();
    capture.offer(send('chat', 'late'));
    expect(capture.stop()).toEqual([]);
  });
});
