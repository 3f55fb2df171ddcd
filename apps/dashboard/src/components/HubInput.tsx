import { useId } from 'react';

/** A hub name field that suggests known hubs; any valid name may be typed (hubs are implicit). */
export function HubInput({ value, onChange, suggestions, label = 'Hub' }: { value: string; onChange: (hub: string) => void; suggestions: string[]; label?: string }) {
  const listId = useId();
  return (
    <label>
      {label}
      <input value={value} onChange={(event) => onChange(event.target.value)} list={listId} placeholder="hub name" autoComplete="off" />
      <datalist id={listId}>
        {suggestions.map((hub) => (
          <option key={hub} value={hub} />
        ))}
      </datalist>
    </label>
  );
}
