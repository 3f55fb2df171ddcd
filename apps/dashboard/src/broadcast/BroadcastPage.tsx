import { adminApi } from '../api/admin-api';
import { useKnownHubs } from '../components/useKnownHubs';
import { MessageComposer } from './MessageComposer';

/** Sends through the same router as the REST API: the message reaches native and MQTT clients alike. */
export function BroadcastPage() {
  const { names, preferred } = useKnownHubs();
  return (
    <section>
      <h2>Broadcast</h2>
      <p className="muted">Send a message to a whole hub, a group, a user or one connection, native and MQTT clients alike.</p>
      <MessageComposer hubs={names} defaultHub={preferred ?? ''} onSend={(body) => adminApi.broadcast(body)} />
    </section>
  );
}
