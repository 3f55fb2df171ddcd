import http from 'node:http';
import https from 'node:https';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { HandlerCallResult } from '@switchboard/protocol';
import { APP_CONFIG, type AppConfig } from '../config/config';

export interface HandlerRequest {
  method: 'POST' | 'OPTIONS';
  url: string;
  /** Values are byte strings (`toHeaderValue`): Node writes header values as latin1. */
  headers: Record<string, string>;
  /** Text is sent as UTF-8. */
  body?: string | Uint8Array;
}

/**
 * Open connections per handler origin. Events of many connections share them (keep-alive); past
 * this many in flight, requests wait for a free socket, and that wait counts against their timeout.
 */
const MAX_SOCKETS_PER_ORIGIN = 256;

/**
 * The HTTP client of every request to an event handler (spec/upstream-events.md §3). It never
 * throws: what happened is a `HandlerCallResult` (a response, a timeout, a network error), which
 * the pure outcome functions of `@switchboard/protocol` turn into decisions.
 *
 * `node:http` rather than `fetch`: its keep-alive agent is configurable without another package,
 * and `rawHeaders` keeps a repeated header repeated, which is how a second `ce-connectionState`
 * (not allowed, §3) or a repeated `WebHook-Allowed-Origin` (§2) is told apart from a comma list.
 */
@Injectable()
export class EventHandlerClient implements OnApplicationShutdown {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS_PER_ORIGIN });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS_PER_ORIGIN });
  /** A handler's answer goes back to a client as one message, so it is held to the same limit. */
  private readonly maxBodyBytes: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.maxBodyBytes = config.limits.maxMessageBytes;
  }

  onApplicationShutdown(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  /**
   * @param timeoutMs from the call until the whole response body has arrived
   * @param signal aborts the call (a cancelled invocation): the request is destroyed
   */
  async send(request: HandlerRequest, timeoutMs: number, signal?: AbortSignal): Promise<HandlerCallResult> {
    const deadline = Date.now() + timeoutMs;
    const first = await this.attempt(request, timeoutMs, signal);
    // A kept-alive socket the handler closed just as it was reused fails before the request was
    // read; Node's documentation recommends trying once more on a fresh socket.
    if (first.kind === 'reusedSocketReset' && deadline > Date.now()) {
      const second = await this.attempt(request, deadline - Date.now(), signal);
      return second.kind === 'reusedSocketReset' ? { kind: 'networkError', message: second.message } : second;
    }
    return first.kind === 'reusedSocketReset' ? { kind: 'networkError', message: first.message } : first;
  }

  private attempt(
    request: HandlerRequest,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<HandlerCallResult | { kind: 'reusedSocketReset'; message: string }> {
    return new Promise((resolve) => {
      if (signal?.aborted) {
        resolve({ kind: 'networkError', message: 'cancelled' });
        return;
      }
      let url: URL;
      try {
        url = new URL(request.url);
      } catch {
        resolve({ kind: 'networkError', message: `'${request.url}' is not a URL` });
        return;
      }
      const secure = url.protocol === 'https:';
      const body =
        request.body === undefined
          ? undefined
          : typeof request.body === 'string'
            ? Buffer.from(request.body, 'utf8')
            : Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength);
      const headers: Record<string, string> = { ...request.headers };
      if (body !== undefined) headers['Content-Length'] = String(body.length);

      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const finish = (result: HandlerCallResult | { kind: 'reusedSocketReset'; message: string }): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', abort);
        resolve(result);
      };
      const abort = (): void => {
        finish({ kind: 'networkError', message: 'cancelled' });
        outgoing?.destroy();
      };
      signal?.addEventListener('abort', abort, { once: true });

      let outgoing: http.ClientRequest | undefined;
      try {
        outgoing = (secure ? https : http).request(
          url,
          { method: request.method, headers, agent: secure ? this.httpsAgent : this.httpAgent },
          (response) => {
            const chunks: Buffer[] = [];
            let size = 0;
            response.on('data', (chunk: Buffer) => {
              size += chunk.length;
              if (size > this.maxBodyBytes) {
                finish({ kind: 'networkError', message: `the response body is larger than ${this.maxBodyBytes} bytes` });
                outgoing?.destroy();
                return;
              }
              chunks.push(chunk);
            });
            response.on('end', () =>
              finish({
                kind: 'response',
                status: response.statusCode ?? 0,
                headers: headerPairs(response.rawHeaders),
                body: Buffer.concat(chunks),
              }),
            );
            response.on('error', (error) => finish({ kind: 'networkError', message: error.message }));
            // After 'end' this changes nothing; before it, the handler went away mid-answer.
            response.on('close', () => finish({ kind: 'networkError', message: 'the response was cut off' }));
          },
        );
      } catch (error) {
        // Invalid header characters, an unsupported protocol...: nothing was sent.
        finish({ kind: 'networkError', message: (error as Error).message });
        return;
      }
      timer = setTimeout(() => {
        finish({ kind: 'timeout' });
        outgoing.destroy();
      }, timeoutMs);
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        const message = describeNetworkError(error);
        finish(outgoing.reusedSocket && error.code === 'ECONNRESET' ? { kind: 'reusedSocketReset', message } : { kind: 'networkError', message });
      });
      outgoing.end(body);
    });
  }
}

/** `rawHeaders` is [name, value, name, value...]; a repeated header stays repeated. */
function headerPairs(raw: readonly string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i], raw[i + 1]]);
  return pairs;
}

function describeNetworkError(error: NodeJS.ErrnoException): string {
  return error.code && !error.message.includes(error.code) ? `${error.code} ${error.message}` : error.message;
}
