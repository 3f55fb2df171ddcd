import type { DataType } from '../native/message-payload';
import type { SendTarget } from '../messaging/send';

/** What the live trace shows for a hub: connections coming and going, messages routed. */
export type TraceEvent =
  | {
      kind: 'connected' | 'disconnected';
      /** Epoch milliseconds. */
      at: number;
      hub: string;
      connectionId: string;
      userId: string | null;
      protocol: string;
    }
  | {
      kind: 'message';
      at: number;
      hub: string;
      target: SendTarget;
      /** The sending connection, or null when the server (REST, dashboard) sent it. */
      fromConnectionId: string | null;
      fromUserId: string | null;
      dataType: DataType;
      /** Size of the payload in bytes (UTF-8 for text and JSON). */
      size: number;
      /** The start of the payload: text as is, binary as base64. */
      preview: string;
      truncated: boolean;
    };

/** Characters of payload a trace event carries at most. */
export const TRACE_PREVIEW_CHARS = 256;
