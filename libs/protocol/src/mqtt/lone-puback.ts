/**
 * A WebSocket frame that holds one PUBACK and nothing else: 0x40, remaining length 2, packet id
 * (MQTT 3.1.1 §3.4; in MQTT 5.0 §3.4.2.1 a remaining length of 2 means reason code 0, Success,
 * and no properties). A QoS 1 subscriber sends one per delivery, so this shape is read without
 * the general parser. Returns the packet id, or -1 for any other frame.
 */
export function lonePubackId(frame: Uint8Array): number {
  if (frame.length !== 4 || frame[0] !== 0x40 || frame[1] !== 0x02) return -1;
  return (frame[2] << 8) | frame[3];
}
