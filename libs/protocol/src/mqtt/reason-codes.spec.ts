import {
  ConnackReturnCode,
  ReasonCode,
  SubackReturnCode,
  isConnackRefusalReasonCode,
  isConnackRefusalReturnCode,
  isReasonCodeFor,
  reasonCodeName,
} from './reason-codes';

describe('reason codes (mqtt.md §7)', () => {
  it('numbers the 3.1.1 CONNACK return codes 0 to 5', () => {
    expect(Object.values(ConnackReturnCode)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('has one 3.1.1 SUBACK failure code, 0x80', () => {
    expect(SubackReturnCode.Failure).toBe(0x80);
  });

  it.each([
    ['UnsupportedProtocolVersion', 0x84],
    ['ClientIdentifierNotValid', 0x85],
    ['NotAuthorized', 0x87],
    ['ServerShuttingDown', 0x8b],
    ['KeepAliveTimeout', 0x8d],
    ['SessionTakenOver', 0x8e],
    ['TopicFilterInvalid', 0x8f],
    ['TopicNameInvalid', 0x90],
    ['PacketTooLarge', 0x95],
    ['QuotaExceeded', 0x97],
    ['AdministrativeAction', 0x98],
    ['PayloadFormatInvalid', 0x99],
    ['RetainNotSupported', 0x9a],
    ['SharedSubscriptionsNotSupported', 0x9e],
    ['WildcardSubscriptionsNotSupported', 0xa2],
  ] as const)('names 5.0 code %s 0x%s as the standard does', (name, code) => {
    expect(ReasonCode[name]).toBe(code);
  });

  describe('which packet may carry which code (MQTT 5.0 Table 2-6)', () => {
    it('allows every CONNACK code the express SDK enumerates', () => {
      const connack = [0x00, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8c, 0x90, 0x95, 0x97, 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9f];
      for (const code of connack) expect(isReasonCodeFor('CONNACK', code)).toBe(true);
    });

    it('allows every DISCONNECT code the express SDK enumerates', () => {
      const disconnect = [0, 4, 128, 129, 130, 131, 135, 137, 139, 141, 142, 143, 144, 147, 148, 149, 150, 151, 152, 153, 154, 155, 156, 157, 158, 159, 160, 161, 162];
      for (const code of disconnect) expect(isReasonCodeFor('DISCONNECT', code)).toBe(true);
    });

    it('refuses codes outside the packet', () => {
      expect(isReasonCodeFor('CONNACK', ReasonCode.SessionTakenOver)).toBe(false);
      expect(isReasonCodeFor('SUBACK', ReasonCode.TopicNameInvalid)).toBe(false);
      expect(isReasonCodeFor('PUBACK', ReasonCode.TopicFilterInvalid)).toBe(false);
      expect(isReasonCodeFor('CONNACK', 0x42)).toBe(false);
    });

    it('lists the SUBACK codes of mqtt.md §7', () => {
      for (const code of [0x00, 0x01, 0x02, 0x80, 0x83, 0x87, 0x8f, 0x91, 0x97, 0x9e, 0xa1, 0xa2]) {
        expect(isReasonCodeFor('SUBACK', code)).toBe(true);
      }
    });

    it('lists the PUBACK codes of mqtt.md §7', () => {
      for (const code of [0x00, 0x10, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99]) expect(isReasonCodeFor('PUBACK', code)).toBe(true);
      expect(isReasonCodeFor('PUBREL', 0x92)).toBe(true);
      expect(isReasonCodeFor('PUBCOMP', 0x92)).toBe(true);
    });

    it('lets UNSUBACK say no subscription existed', () => {
      expect(isReasonCodeFor('UNSUBACK', ReasonCode.NoSubscriptionExisted)).toBe(true);
    });
  });

  describe('CONNACK refusal codes', () => {
    it('takes 1–5 on 3.1.1, not 0 or 6', () => {
      expect([0, 1, 5, 6, 2.5].map(isConnackRefusalReturnCode)).toEqual([false, true, true, false, false]);
    });

    it('takes failure codes a CONNACK may carry on 5.0', () => {
      expect(isConnackRefusalReasonCode(0x8a)).toBe(true);
      expect(isConnackRefusalReasonCode(0x00)).toBe(false);
      expect(isConnackRefusalReasonCode(0x8e)).toBe(false);
    });
  });

  it('names 0x00 by packet', () => {
    expect(reasonCodeName('DISCONNECT', 0)).toBe('NormalDisconnection');
    expect(reasonCodeName('SUBACK', 0)).toBe('GrantedQoS0');
    expect(reasonCodeName('PUBACK', 0)).toBe('Success');
    expect(reasonCodeName('DISCONNECT', 0x8e)).toBe('SessionTakenOver');
    expect(reasonCodeName('CONNACK', 0x8e)).toBeUndefined();
  });
});
