import type { Send } from '@switchboard/protocol';
import { OutboundMessage } from './outbound-message';

const send: Send = { hub: 'chat', target: { kind: 'group', group: 'room' }, payload: { dataType: 'text', data: 'hello' }, from: { kind: 'server' } };

/** The JSON text of a server frame whose payload is shorter than 126 bytes. */
const payloadOf = (frame: Buffer) => JSON.parse(frame.subarray(2).toString('utf8'));

describe('outbound message, reliable flavours', () => {
  it('gives recipients at the same sequence id the same frame, and another id a frame of its own', () => {
    const message = new OutboundMessage(send);
    const first = message.reliableFrame(7);
    expect(message.reliableFrame(7)).toBe(first);
    const other = message.reliableFrame(8);
    expect(payloadOf(other)).toEqual({ type: 'message', from: 'group', group: 'room', dataType: 'text', data: 'hello', sequenceId: 8 });
    expect(payloadOf(first).sequenceId).toBe(7);
    expect(payloadOf(message.reliableFrame(7)).sequenceId).toBe(7);
  });

  it('does the same for the protobuf flavour, apart from its unsequenced frame', () => {
    const message = new OutboundMessage(send);
    const plain = message.protobufFrame();
    const first = message.protobufFrame(3);
    expect(message.protobufFrame(3)).toBe(first);
    expect(message.protobufFrame(4).equals(first)).toBe(false);
    expect(message.protobufFrame(3).equals(first)).toBe(true);
    expect(message.protobufFrame()).toBe(plain);
    expect(plain.equals(first)).toBe(false);
  });
});
