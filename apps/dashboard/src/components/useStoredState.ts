import { useCallback, useState } from 'react';

/** Keys in localStorage start with this, so the dashboard's choices are easy to find and clear. */
const PREFIX = 'switchboard.';

function read<T>(key: string | null, fallback: T): T {
  if (key === null) return fallback;
  try {
    const stored = window.localStorage.getItem(PREFIX + key);
    return stored === null ? fallback : (JSON.parse(stored) as T);
  } catch {
    // Storage switched off, or a value this version cannot read: start from the default.
    return fallback;
  }
}

/**
 * A choice of the admin kept in this browser across reloads (hidden columns...). Plain JSON in
 * localStorage; the page works the same when storage is unavailable, it just forgets. A null key
 * keeps the value for the page's lifetime only.
 */
export function useStoredState<T>(key: string | null, fallback: T): [T, (update: T | ((previous: T) => T)) => void] {
  const [value, setValue] = useState<T>(() => read(key, fallback));
  const set = useCallback(
    (update: T | ((previous: T) => T)) =>
      setValue((previous) => {
        const next = typeof update === 'function' ? (update as (previous: T) => T)(previous) : update;
        if (key !== null) {
          try {
            window.localStorage.setItem(PREFIX + key, JSON.stringify(next));
          } catch {
            // Full or disabled storage: the choice lasts until the page is closed.
          }
        }
        return next;
      }),
    [key],
  );
  return [value, set];
}
