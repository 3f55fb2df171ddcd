import type { TraceEvent } from '@switchboard/protocol';
import { TraceBus } from './trace-bus';

describe('trace bus', () => {
  it('is inactive until someone watches, and again after the last one leaves', () => {
    const bus = new TraceBus();
    expect(bus.active).toBe(false);
    const stopA = bus.watch('chat', { offer: () => undefined });
    const stopB = bus.watch('other', { offer: () => undefined });
    expect(bus.active).toBe(true);
    stopA();
    expect(bus.active).toBe(true);
    stopB();
    expect(bus.active).toBe(false);
  });

  it('gives a watched hub its messages with a preview, and nothing of other hubs', () => {
    const bus = new TraceBus();
    const seen: TraceEvent[] = [];
    bus.watch('chat', { offer: (event) => seen.push(event) });
    bus.message({ hub: 'other', target: { kind: 'hub' }, payload: { dataType: 'text', data: 'x' }, from: { kind: 'server' } });
    bus.message({
      hub: 'chat',
      target: { kind: 'group', group: 'g' },
      payload: { dataType: 'text', data: 'é'.repeat(300) },
      from: { kind: 'connection', connectionId: 'c1', userId: 'u1' },
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ kind: 'message', fromConnectionId: 'c1', fromUserId: 'u1', size: 600, truncated: true });
    expect((seen[0] as { preview: string }).preview).toHaveLength(256);
  });

  it('previews binary as base64 of its first bytes', () => {
    const bus = new TraceBus();
    const seen: TraceEvent[] = [];
    bus.watch('chat', { offer: (event) => seen.push(event) });
    bus.message({ hub: 'chat', target: { kind: 'hub' }, payload: { dataType: 'binary', data: new Uint8Array([1, 2, 3]) }, from: { kind: 'server' } });
    expect(seen[0]).toMatchObject({ preview: 'AQID', size: 3, truncated: false });
  });
});
