import { urlTemplateProblem } from './url-template';

describe('event handler URL templates', () => {
  it.each([
    'http://localhost:8080/api/webpubsub/hubs/{hub}/{event}',
    'https://app.example.com/eventhandler?code=secret',
    'http://127.0.0.1:3000/api/webpubsub/hubs/{hub}/',
  ])('accepts %s', (template) => {
    expect(urlTemplateProblem(template)).toBeNull();
  });

  it.each([
    ['ftp://host/x', 'http'],
    ['/relative/{event}', 'absolute'],
    ['http://{hub}.example.com/x', 'host'],
    ['http://host/{eventHandler}/{user}', 'unknown placeholder'],
    ['http://user:pw@host/x', 'credentials'],
  ])('refuses %s', (template, why) => {
    expect(urlTemplateProblem(template)).toContain(why);
  });
});
