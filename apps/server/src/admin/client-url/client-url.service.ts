import { Inject, Injectable } from '@nestjs/common';
import { groupNameProblem, type ClientUrlBody, type ClientUrlResponse } from '@switchboard/protocol';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { InvalidArgumentError } from '../../http/api-errors';
import { assertHubName } from '../../hubs/hubs.service';
import { KeysService } from '../../keys/keys.service';

/**
 * The portal's "Client URL generator": the token GenerateClientToken issues
 * (rest/operations/generate-token.ts), with the WebSocket URL a client opens with it.
 */
@Injectable()
export class ClientUrlService {
  constructor(
    private readonly keys: KeysService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  issue(hub: string, body: ClientUrlBody, now = Date.now()): ClientUrlResponse {
    assertHubName(hub);
    for (const group of body.groups ?? []) {
      const problem = groupNameProblem(group);
      if (problem) throw new InvalidArgumentError(problem, 'groups');
    }
    const path = body.protocol === 'mqtt' ? `/clients/mqtt/hubs/${hub}` : `/client/hubs/${hub}`;
    const expiresInSeconds = body.minutesToExpire * 60;
    const token = this.keys.sign(
      {
        ...(body.roles?.length ? { role: body.roles } : {}),
        ...(body.groups?.length ? { 'webpubsub.group': body.groups } : {}),
        ...(body.userId ? { sub: body.userId } : {}),
      },
      { audience: `${this.config.publicEndpoint}${path}`, expiresInSeconds },
    );
    const socketEndpoint = this.config.publicEndpoint.replace(/^http/i, 'ws');
    return {
      url: `${socketEndpoint}${path}?access_token=${encodeURIComponent(token)}`,
      token,
      expiresAt: new Date(now + expiresInSeconds * 1000).toISOString(),
    };
  }
}
