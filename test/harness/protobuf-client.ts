import protobuf from 'protobufjs';
import type WebSocket from 'ws';
import { RawClient } from './clients';

export const PROTOBUF = 'protobuf.webpubsub.azure.v1';
export const PROTOBUF_RELIABLE = 'protobuf.reliable.webpubsub.azure.v1';

/** The schema as a client author writes it from Azure's reference (client-protocols-2026.md §6.2-§6.4). */
const root = protobuf.parse(`
syntax = "proto3";
message UpstreamMessage {
  oneof message {
    SendToGroupMessage send_to_group_message = 1;
    EventMessage event_message = 5;
    JoinGroupMessage join_group_message = 6;
    LeaveGroupMessage leave_group_message = 7;
    SequenceAckMessage sequence_ack_message = 8;
    PingMessage ping_message = 9;
    StreamDataMessage stream_data_message = 13;
    StreamEndMessage stream_end_message = 14;
  }
  message SendToGroupMessage { string group = 1; optional uint64 ack_id = 2; MessageData data = 3; optional bool no_echo = 4; StreamStartInfo stream = 7; }
  message StreamStartInfo { string stream_id = 1; optional uint32 idle_timeout_ms = 2; }
  message StreamDataMessage { string stream_id = 1; optional uint64 stream_sequence_id = 2; MessageData data = 3; }
  message StreamEndMessage { string stream_id = 1; optional StreamEndError error = 2; }
  message StreamEndError { optional string message = 1; optional string user_error_code = 2; }
  message EventMessage { string event = 1; MessageData data = 2; optional uint64 ack_id = 3; }
  message JoinGroupMessage { string group = 1; optional uint64 ack_id = 2; }
  message LeaveGroupMessage { string group = 1; optional uint64 ack_id = 2; }
  message SequenceAckMessage { uint64 sequence_id = 1; }
  message PingMessage {}
}
message MessageData { oneof data { string text_data = 1; bytes binary_data = 2; bytes protobuf_data = 3; } }
message DownstreamMessage {
  oneof message {
    AckMessage ack_message = 1;
    DataMessage data_message = 2;
    SystemMessage system_message = 3;
    PongMessage pong_message = 4;
    StreamAckMessage stream_ack_message = 6;
    StreamNackMessage stream_nack_message = 7;
    StreamClosedMessage stream_closed_message = 8;
  }
  message StreamAckMessage { string stream_id = 1; uint64 expected_sequence_id = 2; }
  message StreamNackMessage { string stream_id = 1; string name = 2; string message = 3; uint64 expected_sequence_id = 4; }
  message StreamClosedMessage { string stream_id = 1; optional StreamClosedError error = 2; }
  message StreamClosedError { string name = 1; string message = 2; }
  message AckMessage { uint64 ack_id = 1; bool success = 2; optional ErrorMessage error = 3; }
  message ErrorMessage { string name = 1; string message = 2; }
  message DataMessage { string from = 1; optional string group = 2; MessageData data = 3; uint64 sequence_id = 4; StreamInfo stream = 6; }
  message StreamInfo { string stream_id = 1; uint64 stream_sequence_id = 2; optional bool end_of_stream = 3; optional StreamError error = 4; }
  message StreamError { string name = 1; string message = 2; optional string user_error_code = 3; }
  message SystemMessage {
    oneof message { ConnectedMessage connected_message = 1; DisconnectedMessage disconnected_message = 2; }
    message ConnectedMessage { string connection_id = 1; string user_id = 2; string reconnection_token = 3; }
    message DisconnectedMessage { string reason = 2; }
  }
  message PongMessage {}
}
`).root;
export const Upstream = root.lookupType('UpstreamMessage');
export const Downstream = root.lookupType('DownstreamMessage');

export type Down = Record<string, any>;

/** A protobuf client on a raw socket: sends UpstreamMessages, reads DownstreamMessages. */
export class ProtobufClient {
  private readonly raw: RawClient;

  private constructor(raw: RawClient) {
    this.raw = raw;
  }

  static async open(url: string, subprotocol = PROTOBUF): Promise<ProtobufClient> {
    return new ProtobufClient(await RawClient.open(url, subprotocol));
  }

  get ws(): WebSocket {
    return this.raw.ws;
  }

  send(message: object): void {
    this.raw.send(Buffer.from(Upstream.encode(Upstream.fromObject(message)).finish()), true);
  }

  async next(timeoutMs?: number): Promise<Down> {
    const frame = await this.raw.next(timeoutMs);
    if (!frame.binary) throw new Error(`expected a binary frame, got ${frame.data}`);
    return Downstream.toObject(Downstream.decode(frame.data as Buffer), { longs: Number, oneofs: true, bytes: Buffer }) as Down;
  }

  expectSilence(ms?: number): Promise<void> {
    return this.raw.expectSilence(ms);
  }

  get closed(): Promise<{ code: number; reason: string }> {
    return this.raw.closed;
  }
}
