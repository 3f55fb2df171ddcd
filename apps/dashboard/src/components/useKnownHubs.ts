import { useEffect, useState } from 'react';
import type { HubOverview, HubResource } from '@switchboard/protocol';
import { adminApi } from '../api/admin-api';

export interface KnownHubs {
  /** Configured hubs and hubs with traffic now, sorted. */
  names: string[];
  /** The hub a page should open on: the first with live connections, else the first known one. */
  preferred: string | null;
}

/** Hubs are implicit, so a hub with clients need not be configured: both lists count. */
export function knownHubs(stored: Pick<HubResource, 'name'>[], active: Pick<HubOverview, 'hub' | 'connectionsByProtocol'>[]): KnownHubs {
  const names = [...new Set([...stored.map((hub) => hub.name), ...active.map((hub) => hub.hub)])].sort();
  const live = active
    .filter((hub) => Object.values(hub.connectionsByProtocol).some((count) => count > 0))
    .map((hub) => hub.hub)
    .sort();
  return { names, preferred: live[0] ?? names[0] ?? null };
}

/** Hub names to offer in pickers, and the one to preselect; asked once when the page opens. */
export function useKnownHubs(): KnownHubs {
  const [hubs, setHubs] = useState<KnownHubs>({ names: [], preferred: null });
  useEffect(() => {
    let cancelled = false;
    Promise.all([adminApi.hubs().catch(() => []), adminApi.overview().catch(() => null)]).then(([stored, overview]) => {
      if (!cancelled) setHubs(knownHubs(stored, overview?.hubs ?? []));
    });
    return () => {
      cancelled = true;
    };
  }, []);
  return hubs;
}
