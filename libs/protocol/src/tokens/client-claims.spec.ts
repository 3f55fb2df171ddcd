import { readClientIdentity } from './client-claims';

describe('client token claims', () => {
  it('reads what getClientAccessToken puts in the token', () => {
    const claims = {
      role: ['webpubsub.joinLeaveGroup.g1'],
      'webpubsub.group': ['g1'],
      iat: 1,
      exp: 2,
      aud: 'http://localhost/client/hubs/hub1',
      sub: 'user1',
    };
    const identity = readClientIdentity(claims);
    expect(identity).toEqual({
      userId: 'user1',
      roles: ['webpubsub.joinLeaveGroup.g1'],
      groups: ['g1'],
      customClaims: {},
      tokenClaims: claims,
    });
  });

  it('takes a single string where an array is usual', () => {
    const identity = readClientIdentity({ role: 'webpubsub.sendToGroup', 'webpubsub.group': 'g' });
    expect(identity.roles).toEqual(['webpubsub.sendToGroup']);
    expect(identity.groups).toEqual(['g']);
  });

  it('has no user for a missing or empty sub', () => {
    expect(readClientIdentity({}).userId).toBeNull();
    expect(readClientIdentity({ sub: '' }).userId).toBeNull();
  });

  it('passes other claims on as lists of strings', () => {
    expect(readClientIdentity({ tenant: 'contoso', level: 3, tags: ['a', 'b'] }).customClaims).toEqual({
      tenant: ['contoso'],
      level: ['3'],
      tags: ['a', 'b'],
    });
  });

  it('reads the MQTT how-to group claim only when asked', () => {
    expect(readClientIdentity({ group: 'g' }).groups).toEqual([]);
    expect(readClientIdentity({ group: 'g' }, { acceptGroupClaim: true }).groups).toEqual(['g']);
  });

  it('drops duplicates', () => {
    expect(readClientIdentity({ role: ['r', 'r'], 'webpubsub.group': ['g', 'g'] })).toMatchObject({ roles: ['r'], groups: ['g'] });
  });
});
