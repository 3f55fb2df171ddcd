/**
 * The `protobuf.webpubsub.azure.v1` schema (spec/client-protocols-2026.md §6.2-§6.4), field numbers
 * from Azure's reference and the .NET SDK. `protobuf_data` (a `google.protobuf.Any`) is declared
 * as bytes: the same bytes on the wire, kept whole as the payload of a `protobuf` message.
 */
import { Root } from 'protobufjs/light';

const optional = { proto3_optional: true };

export const PROTOBUF_SCHEMA = Root.fromJSON({
  nested: {
    UpstreamMessage: {
      oneofs: {
        message: {
          oneof: ['sendToGroupMessage', 'eventMessage', 'joinGroupMessage', 'leaveGroupMessage', 'sequenceAckMessage', 'pingMessage', 'streamDataMessage', 'streamEndMessage'],
        },
      },
      fields: {
        sendToGroupMessage: { type: 'SendToGroupMessage', id: 1 },
        eventMessage: { type: 'EventMessage', id: 5 },
        joinGroupMessage: { type: 'JoinGroupMessage', id: 6 },
        leaveGroupMessage: { type: 'LeaveGroupMessage', id: 7 },
        sequenceAckMessage: { type: 'SequenceAckMessage', id: 8 },
        pingMessage: { type: 'PingMessage', id: 9 },
        streamDataMessage: { type: 'StreamDataMessage', id: 13 },
        streamEndMessage: { type: 'StreamEndMessage', id: 14 },
      },
    },
    SendToGroupMessage: {
      fields: {
        group: { type: 'string', id: 1 },
        ackId: { type: 'uint64', id: 2, options: optional },
        data: { type: 'MessageData', id: 3 },
        noEcho: { type: 'bool', id: 4, options: optional },
        stream: { type: 'StreamStartInfo', id: 7 },
      },
    },
    StreamStartInfo: { fields: { streamId: { type: 'string', id: 1 }, idleTimeoutMs: { type: 'uint32', id: 2, options: optional } } },
    EventMessage: {
      fields: { event: { type: 'string', id: 1 }, data: { type: 'MessageData', id: 2 }, ackId: { type: 'uint64', id: 3, options: optional } },
    },
    JoinGroupMessage: { fields: { group: { type: 'string', id: 1 }, ackId: { type: 'uint64', id: 2, options: optional } } },
    LeaveGroupMessage: { fields: { group: { type: 'string', id: 1 }, ackId: { type: 'uint64', id: 2, options: optional } } },
    SequenceAckMessage: { fields: { sequenceId: { type: 'uint64', id: 1 } } },
    PingMessage: { fields: {} },
    StreamDataMessage: {
      fields: { streamId: { type: 'string', id: 1 }, streamSequenceId: { type: 'uint64', id: 2, options: optional }, data: { type: 'MessageData', id: 3 } },
    },
    StreamEndMessage: { fields: { streamId: { type: 'string', id: 1 }, error: { type: 'StreamEndError', id: 2, options: optional } } },
    StreamEndError: { fields: { message: { type: 'string', id: 1, options: optional }, userErrorCode: { type: 'string', id: 2, options: optional } } },
    MessageData: {
      oneofs: { data: { oneof: ['textData', 'binaryData', 'protobufData', 'jsonData'] } },
      fields: {
        textData: { type: 'string', id: 1 },
        binaryData: { type: 'bytes', id: 2 },
        protobufData: { type: 'bytes', id: 3 },
        jsonData: { type: 'string', id: 4 },
      },
    },
    DownstreamMessage: {
      oneofs: {
        message: { oneof: ['ackMessage', 'dataMessage', 'systemMessage', 'pongMessage', 'streamAckMessage', 'streamNackMessage', 'streamClosedMessage'] },
      },
      fields: {
        ackMessage: { type: 'AckMessage', id: 1 },
        dataMessage: { type: 'DataMessage', id: 2 },
        systemMessage: { type: 'SystemMessage', id: 3 },
        pongMessage: { type: 'PongMessage', id: 4 },
        streamAckMessage: { type: 'StreamAckMessage', id: 6 },
        streamNackMessage: { type: 'StreamNackMessage', id: 7 },
        streamClosedMessage: { type: 'StreamClosedMessage', id: 8 },
      },
    },
    AckMessage: {
      fields: { ackId: { type: 'uint64', id: 1 }, success: { type: 'bool', id: 2 }, error: { type: 'ErrorMessage', id: 3 } },
    },
    ErrorMessage: { fields: { name: { type: 'string', id: 1 }, message: { type: 'string', id: 2 } } },
    DataMessage: {
      fields: {
        from: { type: 'string', id: 1 },
        group: { type: 'string', id: 2, options: optional },
        data: { type: 'MessageData', id: 3 },
        sequenceId: { type: 'uint64', id: 4 },
        stream: { type: 'StreamInfo', id: 6 },
      },
    },
    StreamInfo: {
      fields: {
        streamId: { type: 'string', id: 1 },
        streamSequenceId: { type: 'uint64', id: 2 },
        endOfStream: { type: 'bool', id: 3, options: optional },
        error: { type: 'StreamError', id: 4, options: optional },
      },
    },
    StreamError: {
      fields: { name: { type: 'string', id: 1 }, message: { type: 'string', id: 2 }, userErrorCode: { type: 'string', id: 3, options: optional } },
    },
    StreamAckMessage: { fields: { streamId: { type: 'string', id: 1 }, expectedSequenceId: { type: 'uint64', id: 2 } } },
    StreamNackMessage: {
      fields: { streamId: { type: 'string', id: 1 }, name: { type: 'string', id: 2 }, message: { type: 'string', id: 3 }, expectedSequenceId: { type: 'uint64', id: 4 } },
    },
    StreamClosedMessage: { fields: { streamId: { type: 'string', id: 1 }, error: { type: 'StreamClosedError', id: 2, options: optional } } },
    StreamClosedError: { fields: { name: { type: 'string', id: 1 }, message: { type: 'string', id: 2 } } },
    SystemMessage: {
      oneofs: { message: { oneof: ['connectedMessage', 'disconnectedMessage'] } },
      fields: { connectedMessage: { type: 'ConnectedMessage', id: 1 }, disconnectedMessage: { type: 'DisconnectedMessage', id: 2 } },
    },
    ConnectedMessage: {
      fields: { connectionId: { type: 'string', id: 1 }, userId: { type: 'string', id: 2 }, reconnectionToken: { type: 'string', id: 3 } },
    },
    // `reason` is field 2, not 1 (§6.3).
    DisconnectedMessage: { fields: { reason: { type: 'string', id: 2 } } },
    PongMessage: { fields: {} },
  },
});

export const UpstreamMessage = PROTOBUF_SCHEMA.lookupType('UpstreamMessage');
export const DownstreamMessage = PROTOBUF_SCHEMA.lookupType('DownstreamMessage');
export const DataMessage = PROTOBUF_SCHEMA.lookupType('DataMessage');
