/** A retained MQTT message as the admin API lists it (no payload bytes, a text preview). */
export interface RetainedSummary {
  topic: string;
  qos: number;
  /** Payload bytes. */
  size: number;
  /** The start of the payload read as UTF-8. */
  preview: string;
  storedAt: string;
}

/** GET /admin/api/hubs/{hub}/retained: the first `limit` topics in order, and how many match. */
export interface RetainedPage {
  total: number;
  value: RetainedSummary[];
}
