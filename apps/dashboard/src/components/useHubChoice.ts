import { useChoice } from './useChoice';
import { useKnownHubs } from './useKnownHubs';

/** The hub box of a page: preselects the preferred hub until the admin picks or types one. */
export function useHubChoice(): { hub: string; setHub: (hub: string) => void; knownHubs: string[] } {
  const { names, preferred } = useKnownHubs();
  const [hub, setHub] = useChoice(preferred ?? '');
  return { hub, setHub, knownHubs: names };
}
