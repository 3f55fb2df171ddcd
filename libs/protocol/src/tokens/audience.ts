/**
 * Token audiences are compared by path only, case-insensitively, without the query string or a
 * trailing slash: the SDK puts the whole request URL (query included) in `aud`, and proxies or
 * the SDK's reverseProxyEndpoint may change scheme, host and port (spec/rest-api.md §2).
 */
export function audiencePath(urlOrPath: string): string {
  let path = urlOrPath;
  const scheme = path.indexOf('://');
  if (scheme >= 0) {
    const slash = path.indexOf('/', scheme + 3);
    path = slash < 0 ? '/' : path.slice(slash);
  }
  const query = path.search(/[?#]/);
  if (query >= 0) path = path.slice(0, query);
  while (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return safeDecode(path).toLowerCase();
}

export function audienceMatches(audience: unknown, requestUrlOrPath: string): boolean {
  const audiences = Array.isArray(audience) ? audience : [audience];
  const expected = audiencePath(requestUrlOrPath);
  return audiences.some((aud) => typeof aud === 'string' && audiencePath(aud) === expected);
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
