import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { OVERVIEW_HISTORY_SECONDS, type HubOverview, type HubSample } from '@switchboard/protocol';
import type { ClientConnection } from '../../connections/client-connection';
import { ClusterPort } from '../../cluster/cluster.port';
import { LocalNode } from '../../cluster/local-node';

const SAMPLE_MS = 1000;

export interface HubState {
  hub: string;
  connectionsByProtocol: Record<string, number>;
  groups: number;
  sample: HubSample;
}

/**
 * Once a second, per hub: connections by protocol, groups, messages in and out per second, from
 * the connections' own counters. It reads the registry on a timer and never touches the message
 * path. Rates come from each connection's counters since the last sample; a connection that
 * left between two samples takes its last second with it.
 */
@Injectable()
export class HubTrafficSampler implements OnModuleInit, OnApplicationShutdown {
  private readonly history = new Map<string, HubSample[]>();
  private latest = new Map<string, HubState>();
  private readonly seen = new WeakMap<ClientConnection, { messagesIn: number; messagesOut: number }>();
  private readonly listeners = new Set<(states: HubState[]) => void>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly local: LocalNode,
    private readonly cluster: ClusterPort,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Called after each sample with every hub's state; returns the function that stops it. */
  onSample(listener: (states: HubState[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  overview(): HubOverview[] {
    const hubs = new Set([...this.history.keys(), ...this.latest.keys()]);
    return [...hubs].sort().map((hub) => {
      const state = this.latest.get(hub);
      return {
        hub,
        connectionsByProtocol: state?.connectionsByProtocol ?? {},
        groups: state?.groups ?? 0,
        history: this.history.get(hub) ?? [],
      };
    });
  }

  sample(now = Date.now()): HubState[] {
    const states = new Map<string, HubState>();
    // Once a second over every connection: nothing here may allocate per connection, or an idle
    // node with many connections makes garbage by the megabyte and its heap never shrinks back.
    for (const hub of this.local.hubs()) {
      const state: HubState = {
        hub,
        connectionsByProtocol: {},
        groups: this.local.groups(hub).size,
        sample: { at: now, connections: 0, messagesInPerSecond: 0, messagesOutPerSecond: 0 },
      };
      states.set(hub, state);
      for (const connection of this.local.connectionsOf(hub)) {
        state.sample.connections++;
        state.connectionsByProtocol[connection.protocol] = (state.connectionsByProtocol[connection.protocol] ?? 0) + 1;
        const { messagesIn, messagesOut } = connection.traffic;
        const before = this.seen.get(connection);
        state.sample.messagesInPerSecond += messagesIn - (before?.messagesIn ?? 0);
        state.sample.messagesOutPerSecond += messagesOut - (before?.messagesOut ?? 0);
        if (before) {
          before.messagesIn = messagesIn;
          before.messagesOut = messagesOut;
        } else this.seen.set(connection, { messagesIn, messagesOut });
      }
    }

    // This node's numbers go out in its heartbeats; the other nodes' latest ones are added in, so
    // every node's Overview shows the whole cluster. A group with members on several nodes counts
    // once per node.
    this.local.reportHubTraffic(
      [...states.values()].map(({ hub, connectionsByProtocol, groups, sample }) => ({
        hub,
        connectionsByProtocol,
        groups,
        messagesInPerSecond: sample.messagesInPerSecond,
        messagesOutPerSecond: sample.messagesOutPerSecond,
      })),
    );
    for (const node of this.cluster.nodes()) {
      if (node.nodeId === this.cluster.nodeId) continue;
      for (const traffic of node.hubs ?? []) {
        let state = states.get(traffic.hub);
        if (!state) {
          state = { hub: traffic.hub, connectionsByProtocol: {}, groups: 0, sample: { at: now, connections: 0, messagesInPerSecond: 0, messagesOutPerSecond: 0 } };
          states.set(traffic.hub, state);
        }
        for (const [protocol, count] of Object.entries(traffic.connectionsByProtocol)) {
          state.connectionsByProtocol[protocol] = (state.connectionsByProtocol[protocol] ?? 0) + count;
          state.sample.connections += count;
        }
        state.sample.messagesInPerSecond += traffic.messagesInPerSecond;
        state.sample.messagesOutPerSecond += traffic.messagesOutPerSecond;
        state.groups += traffic.groups;
      }
    }

    // A hub that had connections and has none now still gets its zero sample, so charts fall to 0.
    for (const hub of this.history.keys()) {
      if (!states.has(hub)) {
        states.set(hub, { hub, connectionsByProtocol: {}, groups: 0, sample: { at: now, connections: 0, messagesInPerSecond: 0, messagesOutPerSecond: 0 } });
      }
    }

    const result: HubState[] = [];
    for (const state of states.values()) {
      const history = this.history.get(state.hub) ?? [];
      history.push(state.sample);
      if (history.length > OVERVIEW_HISTORY_SECONDS) history.shift();
      // A hub idle for the whole window is forgotten.
      if (history.every((sample) => sample.connections === 0 && sample.messagesInPerSecond === 0)) this.history.delete(state.hub);
      else this.history.set(state.hub, history);
      result.push(state);
    }
    this.latest = new Map(result.map((state) => [state.hub, state]));
    for (const listener of this.listeners) listener(result);
    return result;
  }
}
