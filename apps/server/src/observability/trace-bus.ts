import { Injectable } from '@nestjs/common';
import { encodeBase64, TRACE_PREVIEW_CHARS, type MessagePayload, type Send, type TraceEvent } from '@switchboard/protocol';
import type { ClientConnection } from '../connections/client-connection';

/** Someone watching a hub's trace; `offer` must never block and may drop. */
export interface TraceWatcher {
  offer(event: TraceEvent): void;
}

/**
 * Connect, disconnect and message events of the hubs a dashboard watches. The message path
 * reads `active` and nothing else while nobody watches (Centrifugo's rule: admin hangs off the
 * hot path, never in it); events are built only for watched hubs, and watchers drop rather
 * than queue without bound.
 */
@Injectable()
export class TraceBus {
  /** True while at least one watcher exists: the only thing the data path reads when idle. */
  active = false;
  private readonly watchers = new Map<string, Set<TraceWatcher>>();

  /** Starts watching a hub; returns the function that stops it. */
  watch(hubKey: string, watcher: TraceWatcher): () => void {
    let set = this.watchers.get(hubKey);
    if (!set) this.watchers.set(hubKey, (set = new Set()));
    set.add(watcher);
    this.active = true;
    return () => {
      set.delete(watcher);
      if (set.size === 0 && this.watchers.get(hubKey) === set) this.watchers.delete(hubKey);
      this.active = this.watchers.size > 0;
    };
  }

  message(send: Send): void {
    const watchers = this.watchers.get(send.hub);
    if (!watchers) return;
    const { from, payload } = send;
    const event: TraceEvent = {
      kind: 'message',
      at: Date.now(),
      hub: send.hub,
      target: send.target,
      fromConnectionId: from.kind === 'connection' ? from.connectionId : null,
      fromUserId: from.kind === 'connection' ? from.userId : null,
      dataType: payload.dataType,
      ...preview(payload),
    };
    for (const watcher of watchers) watcher.offer(event);
  }

  connected(connection: ClientConnection): void {
    this.lifecycle('connected', connection);
  }

  disconnected(connection: ClientConnection): void {
    this.lifecycle('disconnected', connection);
  }

  private lifecycle(kind: 'connected' | 'disconnected', connection: ClientConnection): void {
    const watchers = this.watchers.get(connection.hubKey);
    if (!watchers) return;
    const event: TraceEvent = {
      kind,
      at: Date.now(),
      hub: connection.hubKey,
      connectionId: connection.connectionId,
      userId: connection.userId,
      protocol: connection.protocol,
    };
    for (const watcher of watchers) watcher.offer(event);
  }
}

/** The first characters of the payload; binary as base64 of its first bytes. */
function preview(payload: MessagePayload): { size: number; preview: string; truncated: boolean } {
  if (payload.dataType === 'text' || payload.dataType === 'json') {
    const text = payload.data;
    return { size: Buffer.byteLength(text, 'utf8'), preview: text.slice(0, TRACE_PREVIEW_CHARS), truncated: text.length > TRACE_PREVIEW_CHARS };
  }
  const bytes = payload.data;
  const head = bytes.subarray(0, (TRACE_PREVIEW_CHARS / 4) * 3);
  return { size: bytes.length, preview: encodeBase64(head), truncated: bytes.length > head.length };
}
