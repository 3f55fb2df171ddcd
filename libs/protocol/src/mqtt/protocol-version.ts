/**
 * The MQTT protocol levels Switchboard speaks (spec/mqtt.md §1 "CONNECT validation"): 4 is
 * 3.1.1, 5 is 5.0. Level 3 (`MQIsdp`, MQTT 3.1) and anything else are refused.
 */
export type MqttProtocolVersion = 4 | 5;

export const MQTT_3_1_1 = 4;
export const MQTT_5 = 5;

export function isSupportedProtocolLevel(level: number): level is MqttProtocolVersion {
  return level === MQTT_3_1_1 || level === MQTT_5;
}

/**
 * Which CONNACK layout to refuse an unsupported level with. A 3.1 client reads a 3.1.1 CONNACK
 * (same two bytes, return code 1 means the same); a client newer than 5.0 is most likely to read
 * a 5.0 one (MQTT 5.0 §3.1.2.2 allows answering 0x84 to levels it does not accept).
 */
export function refusalVersionFor(level: number): MqttProtocolVersion {
  return level > MQTT_5 ? MQTT_5 : MQTT_3_1_1;
}
