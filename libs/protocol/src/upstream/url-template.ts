/**
 * Handler URL templates (spec/upstream-events.md §1): `{hub}` and `{event}` are replaced by the
 * hub name as the client used it and the event name (`validate` for the abuse-protection probe,
 * §2). Placeholders match case-insensitively and values are escaped like .NET's
 * `Uri.EscapeDataString` (RFC 3986 unreserved characters only), as Microsoft's emulator does.
 * Everything else, including a `?code=...` query, is sent as written.
 */
import { VALIDATE_EVENT_NAME } from './upstream-event';

export interface CompiledUrlTemplate {
  readonly template: string;
  /** The request URL for one event. */
  expand(hub: string, event: string): string;
}

const PLACEHOLDER = /\{(hub|event)\}/gi;
const KEY_VAULT_REFERENCE = /\{@Microsoft\.KeyVault\(/i;

type Part = string | 'hub' | 'event';

export function compileUrlTemplate(template: string): CompiledUrlTemplate {
  // Literal text alternates with placeholders: even indexes are literals, odd ones placeholders.
  const parts: Part[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    parts.push(template.slice(last, match.index), match[1].toLowerCase() as Part);
    last = match.index + match[0].length;
  }
  parts.push(template.slice(last));

  return {
    template,
    expand(hub: string, event: string): string {
      let url = parts[0];
      for (let i = 1; i < parts.length; i += 2) {
        url += escapeDataString(parts[i] === 'hub' ? hub : event) + parts[i + 1];
      }
      return url;
    },
  };
}

/** The URL the abuse-protection `OPTIONS` probe goes to: the template with `{event}` = `validate`. */
export function validationUrl(template: CompiledUrlTemplate, hub: string): string {
  return template.expand(hub, VALIDATE_EVENT_NAME);
}

/**
 * Why a template cannot be used, or null. It must be an absolute http(s) URL, with no placeholder
 * in the host part (§1); Key Vault references are out of scope.
 */
export function urlTemplateProblem(template: unknown): string | null {
  if (typeof template !== 'string' || template.trim() === '') return 'urlTemplate must be a non-empty string';
  if (KEY_VAULT_REFERENCE.test(template)) return 'urlTemplate: Key Vault references are not supported';
  const authority = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(template);
  if (authority === null) return 'urlTemplate must be an absolute http or https URL';
  if (/\{(hub|event)\}/i.test(authority[1])) return 'urlTemplate: placeholders are not allowed in the host part';
  let url: URL;
  try {
    url = new URL(compileUrlTemplate(template).expand('hub', 'event'));
  } catch {
    return 'urlTemplate must be an absolute http or https URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'urlTemplate must use http or https';
  return null;
}

/** encodeURIComponent leaves `!'()*` alone; RFC 3986 (and .NET) escape them too. */
function escapeDataString(value: string): string {
  let encoded: string;
  try {
    encoded = encodeURIComponent(value);
  } catch {
    // A lone surrogate cannot be UTF-8 encoded; U+FFFD is what a UTF-8 encoder would write.
    encoded = encodeURIComponent(value.replace(LONE_SURROGATE, '\ufffd'));
  }
  return encoded.replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
