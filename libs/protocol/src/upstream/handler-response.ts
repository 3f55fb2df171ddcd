/**
 * What came of one HTTP call to an event handler, in the form the outcome functions read
 * (spec/upstream-events.md §3 "Responses"): status, `Content-Type`, `ce-connectionState`, body
 * (and, for MQTT user events, `mqtt-*` headers). The server fills it from `fetch`.
 */
import { decodeUtf8 } from '../mqtt/content-type';
import { CONNECTION_STATE_HEADER } from './connection-state';

export type HandlerCallResult =
  | HandlerResponse
  /** No answer within the deadline (§3: SHOULD be 20 s for blocking events, then as `500`). */
  | { kind: 'timeout' }
  /** Connection refused, DNS failure, reset... */
  | { kind: 'networkError'; message: string };

export interface HandlerResponse {
  kind: 'response';
  status: number;
  /**
   * Every response header as [name, value]; names in any case. `fetch`'s `Headers` fits as is
   * (it joins a repeated header into one value); a list may also repeat a name. Read more than
   * once, so not a one-shot iterator.
   */
  headers: Iterable<readonly [string, string]>;
  body: Uint8Array;
}

/** §3: blocking events (`connect`, user events) time out after a configurable 20 s, not retried. */
export const DEFAULT_BLOCKING_EVENT_TIMEOUT_MS = 20_000;

/** The status a blocking event counts as when the handler timed out or could not be reached. */
export const UNREACHABLE_HANDLER_STATUS = 500;

export function isSuccessStatus(status: number): boolean {
  return status >= 200 && status <= 299;
}

/** The headers the outcome functions need, gathered in one pass. */
export interface ResponseHeaders {
  /** The whole `Content-Type` value, or undefined. */
  contentType: string | undefined;
  /** Every `ce-connectionState` value (more than one is a handler error). */
  connectionStates: string[];
}

const CONNECTION_STATE_LOWER = CONNECTION_STATE_HEADER.toLowerCase();

export function readResponseHeaders(headers: Iterable<readonly [string, string]>): ResponseHeaders {
  const read: ResponseHeaders = { contentType: undefined, connectionStates: [] };
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (lower === 'content-type') read.contentType = value;
    else if (lower === CONNECTION_STATE_LOWER) read.connectionStates.push(value);
  }
  return read;
}

/** A short, printable excerpt of an error body (express SDK `fail(code, detail)`), or undefined. */
export function errorDetail(body: Uint8Array, maxLength = 256): string | undefined {
  const text = decodeUtf8(body)?.trim();
  if (text === undefined || text === '') return undefined;
  const printable = text.replace(/[\x00-\x1f\x7f]+/g, ' ');
  return printable.length > maxLength ? printable.slice(0, maxLength) + '…' : printable;
}

/** How Azure words a handler's non-2xx answer in its logs (troubleshooting guide). */
export function unexpectedStatusMessage(status: number): string {
  return `got unexpected response with status code ${status}`;
}

export function unreachableMessage(result: Exclude<HandlerCallResult, HandlerResponse>): string {
  return result.kind === 'timeout'
    ? 'the event handler did not answer in time'
    : `the event handler could not be reached: ${result.message}`;
}
