import { LIVE_PATH, type LiveServerMessage, type LiveSubscription } from '@switchboard/protocol';

type Topic = LiveSubscription['topic'];
type Handler = (message: LiveServerMessage) => void;

const TOPIC_OF: Record<LiveServerMessage['type'], Topic | null> = {
  connections: 'connections',
  overview: 'overview',
  overviewSamples: 'overview',
  trace: 'trace',
  error: null,
};

const RECONNECT_MS = 1000;
/** Close code the server uses when the session behind the channel has ended. */
export const CLOSE_SESSION_ENDED = 4401;

/**
 * The dashboard's one push channel. Pages subscribe to a topic while they are shown; the
 * subscriptions are sent again after a reconnect, and the server answers each with a snapshot.
 */
export class LiveClient {
  private socket: WebSocket | null = null;
  private readonly subscriptions = new Map<Topic, { subscription: LiveSubscription; handler: Handler }>();
  private closed = false;
  private retry: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly onSessionEnded: () => void) {
    this.open();
  }

  /** One subscriber per topic: a page taking the topic replaces the one before. Returns the unsubscribe. */
  subscribe(subscription: LiveSubscription, handler: Handler): () => void {
    const entry = { subscription, handler };
    this.subscriptions.set(subscription.topic, entry);
    this.send({ type: 'subscribe', subscription });
    return () => {
      if (this.subscriptions.get(subscription.topic) !== entry) return;
      this.subscriptions.delete(subscription.topic);
      this.send({ type: 'unsubscribe', topic: subscription.topic });
    };
  }

  close(): void {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.socket?.close();
  }

  private open(): void {
    const url = new URL(LIVE_PATH, window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.onopen = () => {
      for (const { subscription } of this.subscriptions.values()) this.send({ type: 'subscribe', subscription });
    };
    socket.onmessage = (event) => {
      const message = JSON.parse(event.data as string) as LiveServerMessage;
      const topic = TOPIC_OF[message.type];
      if (topic) this.subscriptions.get(topic)?.handler(message);
      else if (message.type === 'error') console.warn('live channel:', message.message);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.closed) return;
      if (event.code === CLOSE_SESSION_ENDED) return this.onSessionEnded();
      this.retry = setTimeout(() => this.open(), RECONNECT_MS);
    };
  }

  private send(message: unknown): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }
}
