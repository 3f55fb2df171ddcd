import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  ABUSE_PROTECTION_METHOD,
  abuseProtectionHeaders,
  abuseProtectionOutcome,
  compileUrlTemplate,
  hubKey,
  validationUrl,
  webhookOrigins,
  type AbuseProtectionOutcome,
  type EventHandlerSettings,
  type EventHandlerStatus,
  type WebhookOrigins,
} from '@switchboard/protocol';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { EventHandlerClient } from './event-handler-client';

/**
 * A failed handler is probed again when an event wants it this long after the failure, so a
 * handler that was down when it was configured (or when this node started) starts receiving
 * events once it is up, without an admin saving the settings again.
 */
const INVALID_RECHECK_MS = 30_000;

interface Probe {
  outcome: AbuseProtectionOutcome | null;
  checkedAt: number;
  pending: Promise<AbuseProtectionOutcome> | null;
}

/**
 * Abuse protection (spec/upstream-events.md §2): a handler URL must answer an `OPTIONS` probe
 * with a `WebHook-Allowed-Origin` naming us before it gets any event. Probed at configuration
 * time (every PUT of the hub's settings) and, on a node that has not probed it yet (after a
 * restart, or settings saved on another node), before its first event.
 *
 * A failing probe does not refuse the settings: as the spec says, the handler is stored, marked
 * invalid and receives no events, and the admin API reports why (`eventHandlerStatus`).
 * Results live in memory, per node, keyed by hub and URL template.
 */
@Injectable()
export class HandlerValidation {
  private readonly logger = new Logger('AbuseProtection');
  private readonly probes = new Map<string, Probe>();
  private readonly origins: WebhookOrigins;
  private readonly timeoutMs: number;

  constructor(
    private readonly client: EventHandlerClient,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.origins = webhookOrigins(config.publicEndpoint);
    this.timeoutMs = config.upstream.timeoutMs;
  }

  /** At configuration time: probes every handler of the hub again and forgets removed ones. */
  async validateHub(hubName: string, handlers: readonly EventHandlerSettings[]): Promise<EventHandlerStatus[]> {
    const prefix = probePrefix(hubName);
    const templates = new Set(handlers.map((handler) => handler.urlTemplate));
    for (const key of this.probes.keys()) {
      if (key.startsWith(prefix) && !templates.has(key.slice(prefix.length))) this.probes.delete(key);
    }
    await Promise.all([...templates].map((template) => this.probe(hubName, template)));
    return this.status(hubName, handlers);
  }

  /** The hub's settings were deleted. */
  forgetHub(hubName: string): void {
    const prefix = probePrefix(hubName);
    for (const key of this.probes.keys()) if (key.startsWith(prefix)) this.probes.delete(key);
  }

  /**
   * Before an event goes to a handler: the known result, or a probe when there is none yet (or
   * an old failure). Concurrent events wait for the same probe.
   */
  check(hubName: string, urlTemplate: string): AbuseProtectionOutcome | Promise<AbuseProtectionOutcome> {
    const probe = this.probes.get(probePrefix(hubName) + urlTemplate);
    if (probe?.pending) return probe.pending;
    if (probe?.outcome && (probe.outcome.valid || Date.now() - probe.checkedAt < INVALID_RECHECK_MS)) return probe.outcome;
    return this.probe(hubName, urlTemplate);
  }

  /** What this node knows, for the admin API; probes nothing. */
  status(hubName: string, handlers: readonly EventHandlerSettings[]): EventHandlerStatus[] {
    const prefix = probePrefix(hubName);
    return handlers.map(({ urlTemplate }) => {
      const outcome = this.probes.get(prefix + urlTemplate)?.outcome;
      const checkedAt = this.probes.get(prefix + urlTemplate)?.checkedAt;
      if (!outcome) return { urlTemplate, validation: 'unchecked' };
      const at = new Date(checkedAt!).toISOString();
      return outcome.valid
        ? { urlTemplate, validation: 'valid', checkedAt: at }
        : { urlTemplate, validation: 'invalid', error: outcome.error, message: outcome.message, checkedAt: at };
    });
  }

  private probe(hubName: string, urlTemplate: string): Promise<AbuseProtectionOutcome> {
    const key = probePrefix(hubName) + urlTemplate;
    const previous = this.probes.get(key);
    const probe: Probe = { outcome: previous?.outcome ?? null, checkedAt: previous?.checkedAt ?? 0, pending: null };
    probe.pending = this.send(hubName, urlTemplate).then((outcome) => {
      if (!outcome.valid) this.logger.warn(`${outcome.error}: ${outcome.message} The handler receives no events.`);
      else if (previous?.outcome && !previous.outcome.valid) this.logger.log(`Abuse protection for '${urlTemplate}' passed.`);
      probe.outcome = outcome;
      probe.checkedAt = Date.now();
      probe.pending = null;
      return outcome;
    });
    // A newer probe (a PUT while an event's probe runs) replaces this entry; the older one then
    // completes into an object nobody reads.
    this.probes.set(key, probe);
    return probe.pending;
  }

  private async send(hubName: string, urlTemplate: string): Promise<AbuseProtectionOutcome> {
    const url = validationUrl(compileUrlTemplate(urlTemplate), hubName);
    const result = await this.client.send(
      { method: ABUSE_PROTECTION_METHOD, url, headers: abuseProtectionHeaders(this.origins.requestOrigin) },
      this.timeoutMs,
    );
    // The admin API says only "unreachable"; the log, read by operators, keeps why.
    if (result.kind === 'networkError') this.logger.warn(`Abuse protection probe of '${url}': ${result.message}`);
    return abuseProtectionOutcome(result, url, this.origins);
  }
}

function probePrefix(hubName: string): string {
  return hubKey(hubName) + '\n';
}
