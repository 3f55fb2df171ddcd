import { useCallback, useState } from 'react';

/**
 * A value the admin may choose. Until they do, it follows a default that may arrive later (the
 * preferred hub, once the server has answered); once they do, even an empty choice, it is theirs.
 */
export function useChoice<T>(fallback: T): [T, (value: T) => void] {
  const [chosen, setChosen] = useState<{ value: T } | null>(null);
  const choose = useCallback((value: T) => setChosen({ value }), []);
  return [chosen ? chosen.value : fallback, choose];
}
