/** The part of qlobber 8 that Switchboard uses (the package ships no types). */
declare module 'qlobber' {
  export interface QlobberOptions {
    separator?: string;
    wildcard_one?: string;
    wildcard_some?: string;
    match_empty_levels?: boolean;
    max_words?: number;
    max_wildcard_somes?: number;
  }

  /** Topic matchers to values, each value once per topic (MQTT options give MQTT semantics). */
  export class QlobberDedup {
    constructor(options?: QlobberOptions);
    add(topic: string, value: unknown): this;
    remove(topic: string, value?: unknown): this;
    test(topic: string, value: unknown): boolean;
    match(topic: string): Set<unknown>;
  }
}
