/**
 * Azure's connection string: `Endpoint=http://localhost;Port=8080;AccessKey=...;Version=1.0;`.
 * Parsing follows the rules of @azure/web-pubsub (spec/rest-api.md §1) so that what we print is
 * read the same way by the official SDK.
 */
export interface ConnectionStringParts {
  /** Origin with scheme, host and the port when it is not the scheme's default, no trailing slash. */
  endpoint: string;
  accessKey: string;
}

export function formatConnectionString(endpoint: string, accessKey: string): string {
  const url = new URL(endpoint);
  const port = url.port ? `Port=${url.port};` : '';
  return `Endpoint=${url.protocol}//${url.hostname};${port}AccessKey=${accessKey};Version=1.0;`;
}

export function parseConnectionString(connectionString: string): ConnectionStringParts {
  const fields = new Map<string, string>();
  for (const part of connectionString.split(';')) {
    if (!part.trim()) continue;
    const at = part.indexOf('=');
    if (at < 0) throw new Error(`connection string part "${part}" has no "="`);
    fields.set(part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim());
  }
  let endpoint = fields.get('endpoint');
  const accessKey = fields.get('accesskey');
  if (!endpoint) throw new Error('connection string has no Endpoint');
  if (!accessKey) throw new Error('connection string has no AccessKey');
  if (!endpoint.startsWith('http')) endpoint = `https://${endpoint}`;
  const url = new URL(endpoint);
  const port = fields.get('port');
  if (port) url.port = port;
  return { endpoint: url.origin, accessKey };
}
