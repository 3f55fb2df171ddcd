/** Display helpers shared by the pages. */

// The dashboard speaks English; the rules still come from CLDR rather than `n === 1`, so zero,
// negatives and fractions ("1.5 msgs") take the form English gives them.
const englishPlurals = new Intl.PluralRules('en');

/** A count with its noun in the right form: "1 hub", "0 hubs", "2 retained messages". */
export function pluralize(count: number, one: string, other = `${one}s`): string {
  return `${count} ${englishPlurals.select(count) === 'one' ? one : other}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

export function formatTime(iso: string | number): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour12: false });
}

export function formatDate(iso: string | number): string {
  return new Date(iso).toLocaleDateString();
}

export function formatDateTime(iso: string | number): string {
  return `${formatDate(iso)} ${formatTime(iso)}`;
}

export function formatDuration(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s}s`;
  return `${s}s`;
}

/** Comma- or newline-separated list typed by a person, without blanks. */
export function splitList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}
