import { connectedEventBody } from './connected-event';

describe('connected event', () => {
  it('has the body {}', () => {
    expect(JSON.stringify(connectedEventBody())).toBe('{}');
  });
});
