import { abuseProtectionHeaders, abuseProtectionOutcome, webhookOrigins } from './abuse-protection';
import type { HandlerCallResult } from './handler-response';

const url = 'http://localhost:8080/api/webpubsub/hubs/chat/validate';
const origins = webhookOrigins('https://switchboard.example.com');

const answer = (status: number, headers: Array<[string, string]> = []): HandlerCallResult => ({
  kind: 'response',
  status,
  headers,
  body: new Uint8Array(0),
});

describe('abuse protection', () => {
  it('sends the host name of the public endpoint, without port, as WebHook-Request-Origin', () => {
    expect(webhookOrigins('https://switchboard.example.com:8443/').requestOrigin).toBe('switchboard.example.com');
    expect(webhookOrigins('http://localhost:8080').requestOrigin).toBe('localhost');
  });

  it('always sends ce-awpsversion: 1.0, without which the express SDK ignores the probe', () => {
    expect(abuseProtectionHeaders('switchboard.example.com')).toEqual({
      'WebHook-Request-Origin': 'switchboard.example.com',
      'ce-awpsversion': '1.0',
    });
  });

  it('accepts a 2xx that allows every origin', () => {
    expect(abuseProtectionOutcome(answer(200, [['webhook-allowed-origin', '*']]), url, origins)).toEqual({ valid: true });
  });

  it('accepts our origin in any case, in a comma list or a repeated header', () => {
    expect(abuseProtectionOutcome(answer(204, [['WebHook-Allowed-Origin', 'a.example, SWITCHBOARD.example.com']]), url, origins)).toEqual({
      valid: true,
    });
    expect(
      abuseProtectionOutcome(
        answer(200, [
          ['webhook-allowed-origin', 'a.example'],
          ['webhook-allowed-origin', 'switchboard.example.com'],
        ]),
        url,
        origins,
      ),
    ).toEqual({ valid: true });
  });

  it('accepts host:port, which the express SDK echoes for a non-default port', () => {
    const withPort = webhookOrigins('http://localhost:8080');
    expect(withPort.accepted).toEqual(['localhost', 'localhost:8080']);
    expect(abuseProtectionOutcome(answer(200, [['webhook-allowed-origin', 'localhost:8080']]), url, withPort)).toEqual({ valid: true });
  });

  it('fails without a WebHook-Allowed-Origin that names us', () => {
    expect(abuseProtectionOutcome(answer(200), url, origins)).toEqual({
      valid: false,
      error: 'AbuseProtectionResponseMissingAllowedOrigin',
      message: `Abuse protection for '${url}' missing allowed origins: .`,
    });
    expect(abuseProtectionOutcome(answer(200, [['webhook-allowed-origin', 'other.example']]), url, origins)).toMatchObject({
      valid: false,
      error: 'AbuseProtectionResponseMissingAllowedOrigin',
    });
  });

  it('fails on a non-2xx status, whatever the headers', () => {
    expect(abuseProtectionOutcome(answer(401, [['webhook-allowed-origin', '*']]), url, origins)).toEqual({
      valid: false,
      error: 'AbuseProtectionResponseInvalidStatusCode',
      message: `Abuse protection for '${url}' failed: 401.`,
    });
  });

  it('fails when the handler cannot be reached, without telling the socket error', () => {
    const outcome = abuseProtectionOutcome({ kind: 'networkError', message: 'connect ECONNREFUSED 127.0.0.1:5432' }, url, origins);
    expect(outcome).toMatchObject({ valid: false, error: 'AbuseProtectionResponseFailed', message: `Abuse protection for '${url}' failed: unreachable.` });
    expect(JSON.stringify(outcome)).not.toContain('ECONNREFUSED');
    expect(abuseProtectionOutcome({ kind: 'timeout' }, url, origins)).toMatchObject({
      valid: false,
      error: 'AbuseProtectionResponseFailed',
    });
  });
});
