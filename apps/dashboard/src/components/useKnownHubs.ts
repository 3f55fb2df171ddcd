import { useEffect, useState } from 'react';
import { adminApi } from '../api/admin-api';

/**
 * Hub names to offer in pickers: the configured hubs and the hubs with traffic now (hubs are
 * implicit, so a hub with clients need not be configured).
 */
export function useKnownHubs(): string[] {
  const [hubs, setHubs] = useState<string[]>([]);
  useEffect(() => {
    let cancelled = false;
    Promise.all([adminApi.hubs().catch(() => []), adminApi.overview().catch(() => null)]).then(([stored, overview]) => {
      if (cancelled) return;
      const names = new Set([...stored.map((hub) => hub.name), ...(overview?.hubs.map((hub) => hub.hub) ?? [])]);
      setHubs([...names].sort());
    });
    return () => {
      cancelled = true;
    };
  }, []);
  return hubs;
}
