import type { IncomingMessage } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { hubNameProblem, type ClientIdentity, type MqttHubSettings } from '@switchboard/protocol';
import type { ServerOptions } from 'ws';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { HubsService } from '../hubs/hubs.service';
import { TokenError } from '../keys/access-token';
import { verifyClientToken } from '../keys/client-token';
import { KeysService } from '../keys/keys.service';
import type { Admission, UpgradeAdmission } from '../sockets/routed-ws-adapter';
import { chooseMqttSubprotocol, readMqttRequest } from './mqtt-request';

/** Who is at the other end of an MQTT WebSocket before its CONNECT: what the token said. */
export interface MqttAdmitted {
  hubName: string;
  identity: ClientIdentity;
  query: Record<string, string[]>;
  headers: Record<string, string[]>;
  /** The hub's MQTT features as they stand at this connection (hub settings `mqtt`). */
  features: MqttHubSettings;
}

const refuse = (status: number, message: string): Admission<never> => ({ refuse: { status, message } });

/**
 * What `/clients/mqtt/hubs/{hub}` decides before the upgrade (spec/mqtt.md §2): hub name, the
 * `mqtt` subprotocol and the token; the rest waits for CONNECT.
 */
@Injectable()
export class MqttAdmission implements UpgradeAdmission<MqttAdmitted> {
  readonly serverOptions: ServerOptions;

  constructor(
    private readonly keys: KeysService,
    private readonly hubs: HubsService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    // Room for a largest packet's fixed header beyond the Maximum Packet Size.
    this.serverOptions = { maxPayload: config.limits.maxMessageBytes + 1024 };
  }

  async admit(request: IncomingMessage): Promise<Admission<MqttAdmitted>> {
    const mqttRequest = readMqttRequest(request);
    const { hubName, accessToken, offered, query, headers } = mqttRequest;
    const problem = hubNameProblem(hubName);
    if (problem || !hubName) return refuse(400, problem ?? 'hub name is required');
    const subprotocol = chooseMqttSubprotocol(offered);
    if (subprotocol === null) return refuse(400, `the MQTT endpoint speaks the "mqtt" subprotocol, not ${offered.join(', ')}`);

    const settings = await this.hubs.settings(hubName);
    let identity: ClientIdentity = { userId: null, roles: [], groups: [], customClaims: {} };
    if (accessToken) {
      try {
        identity = verifyClientToken(this.keys, accessToken, hubName, { acceptGroupClaim: true });
      } catch (error) {
        if (error instanceof TokenError) return refuse(401, error.message);
        throw error;
      }
    } else if (settings.anonymousConnectPolicy !== 'allow') {
      return refuse(401, 'an access token is required: pass access_token in the query or an Authorization: Bearer header');
    }
    return { admit: { hubName, identity, query, headers, features: settings.mqtt }, subprotocol };
  }
}
