import { compileUrlTemplate, urlTemplateProblem, validationUrl } from './url-template';

describe('handler URL template', () => {
  it('puts the hub and the event name in the template', () => {
    const template = compileUrlTemplate('http://localhost:8080/api/webpubsub/hubs/{hub}/{event}');
    expect(template.expand('chat', 'connect')).toBe('http://localhost:8080/api/webpubsub/hubs/chat/connect');
  });

  it('keeps the hub name as the client spelt it', () => {
    expect(compileUrlTemplate('http://h/{hub}').expand('Chat', 'x')).toBe('http://h/Chat');
  });

  it('URL-encodes the values', () => {
    const template = compileUrlTemplate('http://h/{hub}/{event}');
    expect(template.expand('a[1]', 'x y/z?#&')).toBe('http://h/a%5B1%5D/x%20y%2Fz%3F%23%26');
  });

  it("escapes !'()* too, like .NET's Uri.EscapeDataString", () => {
    expect(compileUrlTemplate('http://h/{event}').expand('h', "a!b'c(d)e*")).toBe('http://h/a%21b%27c%28d%29e%2A');
  });

  it('encodes non-ASCII names as UTF-8', () => {
    expect(compileUrlTemplate('http://h/{event}').expand('h', 'é')).toBe('http://h/%C3%A9');
    expect(compileUrlTemplate('http://h/{event}').expand('h', 'a\ud800')).toBe('http://h/a%EF%BF%BD');
  });

  it('sends a ?code= query and other text as written', () => {
    const template = compileUrlTemplate('https://func.example.net/runtime/webhooks/webpubsub?code=abc%3D&event={event}');
    expect(template.expand('chat', 'message')).toBe(
      'https://func.example.net/runtime/webhooks/webpubsub?code=abc%3D&event=message',
    );
  });

  it('matches placeholders case-insensitively and as often as they appear', () => {
    expect(compileUrlTemplate('http://h/{HUB}/{Event}/{hub}').expand('chat', 'e')).toBe('http://h/chat/e/chat');
  });

  it('leaves a template without placeholders alone', () => {
    expect(compileUrlTemplate('http://h/api/webpubsub/hubs/chat/').expand('chat', 'connect')).toBe(
      'http://h/api/webpubsub/hubs/chat/',
    );
  });

  it('sends the abuse-protection probe to the template with {event} = validate', () => {
    expect(validationUrl(compileUrlTemplate('http://localhost:8080/api/webpubsub/hubs/{hub}/{event}'), 'chat')).toBe(
      'http://localhost:8080/api/webpubsub/hubs/chat/validate',
    );
  });

  describe('validation', () => {
    it('accepts absolute http and https templates', () => {
      expect(urlTemplateProblem('http://localhost:8080/api/webpubsub/hubs/{hub}/{event}')).toBeNull();
      expect(urlTemplateProblem('https://example.com/api/{event}?code=x')).toBeNull();
    });

    it('refuses placeholders in the host part', () => {
      expect(urlTemplateProblem('http://{hub}.example.com/{event}')).toMatch(/host/);
      expect(urlTemplateProblem('http://example.com:{event}/')).toMatch(/host/);
    });

    it('refuses relative URLs, other schemes and non-strings', () => {
      expect(urlTemplateProblem('/api/{event}')).not.toBeNull();
      expect(urlTemplateProblem('ftp://example.com/{event}')).toMatch(/http/);
      expect(urlTemplateProblem('')).not.toBeNull();
      expect(urlTemplateProblem(42)).not.toBeNull();
    });

    it('refuses Key Vault references, which are out of scope', () => {
      expect(urlTemplateProblem('https://h/{event}?code={@Microsoft.KeyVault(SecretUri=https://v/s)}')).toMatch(
        /Key Vault/,
      );
    });
  });
});
