/**
 * Topic aliases of one network connection (MQTT 5.0 §3.3.2.3.4): they begin empty with every
 * connection, resumed sessions included, since a mapping exists only within one connection.
 */
export class TopicAliases {
  /** A connection that uses none: nothing here ever changes, so every such connection shares it. */
  static readonly NONE = new TopicAliases(0, 0);

  /** Set by the client, up to the hub's Topic Alias Maximum; made at the first alias. */
  private inbound: Map<number, string> | null = null;
  /** Set by the server, up to the client's Topic Alias Maximum; made at the first alias. */
  private outbound: Map<string, number> | null = null;

  constructor(
    /** The hub's `mqtt.topicAliasMaximum`, advertised in the CONNACK. */
    readonly inboundMaximum: number,
    /** The client's Topic Alias Maximum from CONNECT; 0 when the hub does not use aliases. */
    readonly outboundMaximum: number,
  ) {}

  /**
   * The topic of an incoming PUBLISH: a topic and an alias set the alias, an alias alone reads it.
   * A string is the problem, and the DISCONNECT code for it.
   */
  resolve(topic: string, alias: number): { topic: string } | { problem: string; code: 'invalid' | 'protocol' } {
    if (alias === 0 || alias > this.inboundMaximum) return { problem: `topic alias ${alias} is outside 1-${this.inboundMaximum}`, code: 'invalid' };
    if (topic !== '') {
      (this.inbound ??= new Map()).set(alias, topic);
      return { topic };
    }
    const known = this.inbound?.get(alias);
    return known === undefined ? { problem: `topic alias ${alias} was never set on this connection`, code: 'protocol' } : { topic: known };
  }

  /**
   * How `topic` could go out: with its alias alone once the client knows it, with topic and a new
   * alias while aliases are left, or plainly (undefined). Nothing is set until `sent` is called,
   * since an alias the client never received must not be used alone.
   */
  outgoing(topic: string): { alias: number; known: boolean } | undefined {
    if (this.outboundMaximum === 0) return undefined;
    const alias = this.outbound?.get(topic);
    if (alias !== undefined) return { alias, known: true };
    const used = this.outbound?.size ?? 0;
    if (used >= this.outboundMaximum) return undefined;
    return { alias: used + 1, known: false };
  }

  /** The frame carrying `topic` with this new alias was written: the client knows it now. */
  sent(topic: string, alias: number): void {
    (this.outbound ??= new Map()).set(topic, alias);
  }
}
