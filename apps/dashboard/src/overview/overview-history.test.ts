import { describe, expect, it } from 'vitest';
import type { HubOverview, OverviewSnapshot } from '@switchboard/protocol';
import { applySamples, totalHistory } from './overview-history';

const sample = (at: number, connections: number, messagesInPerSecond = 0, messagesOutPerSecond = 0) => ({ at, connections, messagesInPerSecond, messagesOutPerSecond });
const hub = (name: string, history: HubOverview['history']): HubOverview => ({ hub: name, connectionsByProtocol: {}, groups: 0, history });

describe('totalHistory', () => {
  it('adds up the hubs sampled at the same instant, oldest first', () => {
    const total = totalHistory([hub('b', [sample(2000, 1, 3, 4), sample(3000, 2, 0, 1)]), hub('a', [sample(1000, 5), sample(2000, 5, 1, 1)])]);
    expect(total).toEqual([sample(1000, 5), sample(2000, 6, 4, 5), sample(3000, 2, 0, 1)]);
  });

  it('is empty without hubs', () => {
    expect(totalHistory([])).toEqual([]);
  });
});

describe('applySamples', () => {
  const snapshot: OverviewSnapshot = { version: '1', uptimeSeconds: 10, hubs: [hub('chat', [sample(1000, 1)]), hub('idle', [sample(1000, 0)])] };

  it("appends each hub's sample and takes the server's latest numbers", () => {
    const next = applySamples(snapshot, {
      type: 'overviewSamples',
      uptimeSeconds: 11,
      samples: [
        { hub: 'chat', sample: sample(2000, 2), connectionsByProtocol: { mqtt: 2 }, groups: 1 },
        { hub: 'idle', sample: sample(2000, 0), connectionsByProtocol: {}, groups: 0 },
        { hub: 'new', sample: sample(2000, 1), connectionsByProtocol: { mqtt: 1 }, groups: 0 },
      ],
    });
    expect(next.uptimeSeconds).toBe(11);
    expect(next.hubs.map((h) => h.hub)).toEqual(['chat', 'idle', 'new']);
    expect(next.hubs[0]).toEqual({ hub: 'chat', connectionsByProtocol: { mqtt: 2 }, groups: 1, history: [sample(1000, 1), sample(2000, 2)] });
  });

  it('drops a hub the server no longer samples, so its chart does not freeze', () => {
    const next = applySamples(snapshot, { type: 'overviewSamples', uptimeSeconds: 11, samples: [{ hub: 'chat', sample: sample(2000, 1), connectionsByProtocol: {}, groups: 0 }] });
    expect(next.hubs.map((h) => h.hub)).toEqual(['chat']);
  });
});
