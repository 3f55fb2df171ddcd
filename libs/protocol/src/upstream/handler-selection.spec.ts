import type { EventHandlerSettings } from '../hubs/hub-settings';
import { compileEventHandlers, compileUserEventPattern, userEventPatternMatches } from './handler-selection';
import { systemEvent, userEvent } from './upstream-event';

const handler = (settings: Partial<EventHandlerSettings>): EventHandlerSettings => ({
  urlTemplate: 'http://localhost:8080/api/webpubsub/hubs/{hub}/{event}',
  ...settings,
});

describe('handler selection', () => {
  describe('userEventPattern', () => {
    it('takes every user event with *', () => {
      const pattern = compileUserEventPattern('*');
      expect(userEventPatternMatches(pattern, 'message')).toBe(true);
      expect(userEventPatternMatches(pattern, 'anything')).toBe(true);
    });

    it('takes the names of a comma list, with whitespace around them', () => {
      const pattern = compileUserEventPattern(' chat ,  message,typing ');
      expect(['chat', 'message', 'typing'].map((name) => userEventPatternMatches(pattern, name))).toEqual([
        true,
        true,
        true,
      ]);
      expect(userEventPatternMatches(pattern, 'other')).toBe(false);
      expect(userEventPatternMatches(pattern, 'cha')).toBe(false);
    });

    it('takes no user event when empty, blank or absent', () => {
      for (const empty of ['', '  ', ',', undefined, null]) {
        const pattern = compileUserEventPattern(empty);
        expect(pattern).toEqual({ all: false, names: [] });
        expect(userEventPatternMatches(pattern, 'message')).toBe(false);
      }
    });

    it('takes every user event when * is one entry of a list', () => {
      expect(userEventPatternMatches(compileUserEventPattern('chat, *'), 'other')).toBe(true);
    });

    it('matches names case-insensitively, as Microsoft’s emulator does', () => {
      expect(userEventPatternMatches(compileUserEventPattern('Chat'), 'chat')).toBe(true);
      expect(userEventPatternMatches(compileUserEventPattern('chat'), 'CHAT')).toBe(true);
    });

    it('treats a * inside a name as an ordinary character', () => {
      const pattern = compileUserEventPattern('chat*');
      expect(userEventPatternMatches(pattern, 'chat*')).toBe(true);
      expect(userEventPatternMatches(pattern, 'chatroom')).toBe(false);
    });
  });

  it('gives a user event to the first handler whose pattern lists it', () => {
    const selector = compileEventHandlers([
      handler({ urlTemplate: 'http://a/{event}', userEventPattern: 'typing' }),
      handler({ urlTemplate: 'http://b/{event}', userEventPattern: 'chat,message' }),
      handler({ urlTemplate: 'http://c/{event}', userEventPattern: '*' }),
    ]);
    expect(selector.forUserEvent('message')?.index).toBe(1);
    expect(selector.forUserEvent('typing')?.index).toBe(0);
    expect(selector.forUserEvent('other')?.index).toBe(2);
  });

  it('gives a system event to the first handler that lists it in systemEvents', () => {
    const selector = compileEventHandlers([
      handler({ systemEvents: ['connected'] }),
      handler({ systemEvents: ['connect', 'connected', 'disconnected'] }),
    ]);
    expect(selector.forSystemEvent('connect')?.index).toBe(1);
    expect(selector.forSystemEvent('connected')?.index).toBe(0);
    expect(selector.forSystemEvent('disconnected')?.index).toBe(1);
  });

  it('sends no request when no handler matches', () => {
    const selector = compileEventHandlers([handler({ userEventPattern: 'chat', systemEvents: ['connected'] })]);
    expect(selector.forSystemEvent('connect')).toBeUndefined();
    expect(selector.forUserEvent('message')).toBeUndefined();
    expect(compileEventHandlers([]).select(systemEvent('connect'))).toBeUndefined();
  });

  it('routes a user event named like a system event by userEventPattern, not systemEvents', () => {
    const selector = compileEventHandlers([
      handler({ systemEvents: ['connect'] }),
      handler({ userEventPattern: 'connect' }),
    ]);
    expect(selector.select(userEvent('connect'))?.index).toBe(1);
    expect(selector.select(systemEvent('connect'))?.index).toBe(0);
  });

  it('accepts systemEvents in any case and ignores names it does not know', () => {
    const selector = compileEventHandlers([
      handler({ systemEvents: ['Connect', 'joined' as never, ' DISCONNECTED '] as never }),
    ]);
    expect(selector.forSystemEvent('connect')?.index).toBe(0);
    expect(selector.forSystemEvent('disconnected')?.index).toBe(0);
    expect(selector.forSystemEvent('connected')).toBeUndefined();
  });

  it('hands back the settings and the compiled URL of the handler', () => {
    const settings = handler({ userEventPattern: '*' });
    const selected = compileEventHandlers([settings]).forUserEvent('chat');
    expect(selected?.settings).toBe(settings);
    expect(selected?.url.expand('Chat', 'chat')).toBe('http://localhost:8080/api/webpubsub/hubs/Chat/chat');
  });

  it('returns the same compiled handler object every time', () => {
    const selector = compileEventHandlers([handler({ userEventPattern: '*', systemEvents: ['connect'] })]);
    expect(selector.forUserEvent('a')).toBe(selector.forUserEvent('b'));
    expect(selector.forSystemEvent('connect')).toBe(selector.handlers[0]);
  });
});

describe('group presence handler selection (client-protocols-2026 §3)', () => {
  const selector = compileEventHandlers([
    { urlTemplate: 'http://a/{event}', systemEvents: ['connected'] },
    { urlTemplate: 'http://b/{event}', groupPresenceEvents: { eventNames: ['joined'], groupFilters: ['lobby', 'room-*'] } },
    { urlTemplate: 'http://c/{event}', groupPresenceEvents: { eventNames: ['joined', 'left'] } },
  ]);

  it('picks the first handler whose names and group filters match', () => {
    expect(selector.takesPresence).toBe(true);
    expect(selector.forPresenceEvent('joined', 'lobby')?.index).toBe(1);
    expect(selector.forPresenceEvent('joined', 'room-7')?.index).toBe(1);
    expect(selector.forPresenceEvent('joined', 'kitchen')?.index).toBe(2);
    expect(selector.forPresenceEvent('left', 'lobby')?.index).toBe(2);
    expect(selector.select({ kind: 'presence', name: 'left', group: 'x' })?.index).toBe(2);
  });

  it('sends nothing from handlers without presence events', () => {
    const none = compileEventHandlers([{ urlTemplate: 'http://a/{event}', systemEvents: ['connected'], groupPresenceEvents: null }]);
    expect(none.takesPresence).toBe(false);
    expect(none.forPresenceEvent('joined', 'g')).toBeUndefined();
  });
});
