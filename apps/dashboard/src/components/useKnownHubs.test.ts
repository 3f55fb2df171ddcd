import { describe, expect, it } from 'vitest';
import { knownHubs } from './useKnownHubs';

const active = (hub: string, connections: number) => ({ hub, connectionsByProtocol: connections ? { mqtt: connections } : ({} as Record<string, number>) });

describe('knownHubs', () => {
  it('lists configured hubs and hubs with traffic once, sorted', () => {
    expect(knownHubs([{ name: 'zoo' }, { name: 'chat' }], [active('chat', 1), active('apples', 0)]).names).toEqual(['apples', 'chat', 'zoo']);
  });

  it('prefers the first hub with live connections', () => {
    expect(knownHubs([{ name: 'alpha' }], [active('beta', 0), active('gamma', 2), active('delta', 1)]).preferred).toBe('delta');
  });

  it('falls back to the first known hub, then to none', () => {
    expect(knownHubs([{ name: 'zoo' }, { name: 'chat' }], [active('idle', 0)]).preferred).toBe('chat');
    expect(knownHubs([], []).preferred).toBeNull();
  });
});
