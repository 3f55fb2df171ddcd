/**
 * An event handler's URL: http(s), placeholders `{hub}`/`{event}` allowed in the path and query
 * but not in the host (spec/upstream-events.md §1). Returns why a template is refused, or null.
 */
export function urlTemplateProblem(template: string): string | null {
  const placeholders = template.match(/\{[^}]*\}/g) ?? [];
  const unknown = placeholders.find((p) => p !== '{hub}' && p !== '{event}');
  if (unknown) return `has an unknown placeholder ${unknown} (only {hub} and {event})`;
  let url: URL;
  try {
    url = new URL(template.replace(/\{hub\}/g, 'hub').replace(/\{event\}/g, 'event'));
  } catch {
    return 'must be an absolute http:// or https:// URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an absolute http:// or https:// URL';
  const authority = template.split('/')[2] ?? '';
  if (authority.includes('{')) return 'must not have placeholders in the host';
  if (url.username || url.password) return 'must not carry credentials';
  return null;
}
