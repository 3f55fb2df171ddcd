import type { IncomingMessage } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import {
  chooseSubprotocol,
  groupNameProblem,
  hubKey,
  hubNameProblem,
  isReliableProtocol,
  type ClientIdentity,
  type NativeProtocol,
} from '@switchboard/protocol';
import type { ServerOptions } from 'ws';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { ClusterService } from '../cluster/cluster.service';
import { LocalNode } from '../cluster/local-node';
import type { ClientConnection } from '../connections/client-connection';
import { newConnectionId } from '../connections/connection-id';
import { ConnectionLifecycle } from '../connections/lifecycle.port';
import { HubsService } from '../hubs/hubs.service';
import { TokenError } from '../keys/access-token';
import { verifyClientToken } from '../keys/client-token';
import { KeysService } from '../keys/keys.service';
import type { Admission, UpgradeAdmission } from '../sockets/routed-ws-adapter';
import { readClientRequest, type ClientRequest } from './client-request';
import type { SimpleMode } from './native-connection';

/** A new session, everything decided but its socket. */
export interface NewNativeSession {
  kind: 'new';
  connectionId: string;
  hubName: string;
  userId: string | null;
  roles: string[];
  groups: string[];
  protocol: NativeProtocol;
  subprotocol: string | null;
  simpleMode: SimpleMode;
  keepAliveMs: number;
  connectionState: string | null;
}

/** A reliable client back after a drop (§7.6): its session is here, was handed over, or is gone. */
export interface RecoveringNativeSession {
  kind: 'recover';
  protocol: NativeProtocol;
  reconnectionToken: string;
  /** Held by this node when the request came. */
  local: ClientConnection | undefined;
  /** Taken from the node that held it. */
  moved: Awaited<ReturnType<ClusterService['handOver']>> | null;
}

export type NativeAdmitted = NewNativeSession | RecoveringNativeSession;

const refuse = (status: number, message: string): Admission<never> => ({ refuse: { status, message } });

/**
 * Everything `/client/hubs/{hub}` decides before the upgrade (spec/client-protocols.md §1-§2):
 * hub name, subprotocol, token, the anonymous policy and the `connect` event, each refusal an
 * HTTP status as Azure answers it.
 */
@Injectable()
export class NativeAdmission implements UpgradeAdmission<NativeAdmitted> {
  readonly serverOptions: ServerOptions;

  constructor(
    private readonly keys: KeysService,
    private readonly hubs: HubsService,
    private readonly local: LocalNode,
    private readonly cluster: ClusterService,
    private readonly lifecycle: ConnectionLifecycle,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.serverOptions = { maxPayload: config.limits.maxMessageBytes };
  }

  async admit(request: IncomingMessage): Promise<Admission<NativeAdmitted>> {
    const client = readClientRequest(request);
    const hubProblem = hubNameProblem(client.hubName);
    if (hubProblem || !client.hubName) return refuse(400, hubProblem ?? 'hub name is required');
    const hubName = client.hubName;

    const choice = chooseSubprotocol(client.offeredSubprotocols);
    if (!choice.ok) return refuse(400, choice.message);

    if (client.recovery && isReliableProtocol(choice.protocol)) {
      const key = hubKey(hubName);
      const { connectionId, reconnectionToken } = client.recovery;
      const local = this.local.connection(key, connectionId);
      // Not held here: the node that holds it hands it over, reconnection token checked there.
      const moved = local === undefined ? await this.cluster.handOver({ hub: key, connectionId, protocol: 'native', action: 'take', token: reconnectionToken }) : null;
      return { admit: { kind: 'recover', protocol: choice.protocol, reconnectionToken, local, moved }, subprotocol: choice.subprotocol ?? false };
    }

    const mode = simpleMode(client);
    if (typeof mode === 'string') return refuse(400, mode);

    const settings = await this.hubs.settings(hubName);
    let identity: ClientIdentity = { userId: null, roles: [], groups: [], customClaims: {} };
    if (client.accessToken) {
      try {
        identity = verifyClientToken(this.keys, client.accessToken, hubName);
      } catch (error) {
        if (error instanceof TokenError) return refuse(401, error.message);
        throw error;
      }
    } else if (settings.anonymousConnectPolicy !== 'allow') {
      return refuse(401, 'an access token is required: pass access_token in the query or an Authorization: Bearer header');
    }

    const connectionId = newConnectionId();
    const decision = await this.lifecycle.connect({
      hubKey: hubKey(hubName),
      hubName,
      connectionId,
      userId: identity.userId,
      roles: identity.roles,
      groups: identity.groups,
      subprotocols: client.offeredSubprotocols,
      claims: identity.tokenClaims ?? {},
      query: client.query,
      headers: client.headers,
    });
    if (!decision.accept) return refuse(decision.status, decision.message);
    // The connect handler may pick the subprotocol, among those offered (upstream-events.md §4);
    // naming one the client did not offer is a handler error, answered as 500.
    const chosen = decision.subprotocol === undefined ? choice : chooseSubprotocol(client.offeredSubprotocols, decision.subprotocol);
    if (!chosen.ok) return refuse(500, `The connect event handler answered wrongly: ${chosen.message}`);

    return {
      admit: {
        kind: 'new',
        connectionId,
        hubName,
        userId: decision.userId !== undefined ? decision.userId : identity.userId,
        roles: [...identity.roles, ...(decision.roles ?? [])],
        groups: [...identity.groups, ...(decision.groups ?? [])].filter((group) => groupNameProblem(group) === null),
        protocol: chosen.protocol,
        subprotocol: chosen.subprotocol ?? null,
        simpleMode: mode,
        keepAliveMs: settings.webSocketKeepAliveIntervalInSeconds * 1000,
        connectionState: decision.connectionState ?? null,
      },
      subprotocol: chosen.subprotocol ?? false,
    };
  }
}

/** `webpubsub_mode` of a simple client (§3), or why it is refused. */
function simpleMode(client: ClientRequest): SimpleMode | string {
  if (client.mode === null || client.mode === 'sendEvent') return { kind: 'sendEvent' };
  if (client.mode === 'sendToGroup') {
    const problem = groupNameProblem(client.modeGroup);
    return problem ? `webpubsub_mode=sendToGroup needs a valid group: ${problem}` : { kind: 'sendToGroup', group: client.modeGroup! };
  }
  return `unknown webpubsub_mode "${client.mode}" (sendEvent or sendToGroup)`;
}
