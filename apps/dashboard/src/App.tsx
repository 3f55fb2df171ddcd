import { Route, Routes } from 'react-router';
import { AccountPage } from './account/AccountPage';
import { BroadcastPage } from './broadcast/BroadcastPage';
import { ClientUrlPage } from './client-url/ClientUrlPage';
import { ConnectionsPage } from './connections/ConnectionsPage';
import { GroupsPage } from './groups/GroupsPage';
import { RetainedPage } from './retained/RetainedPage';
import { HubsPage } from './hubs/HubsPage';
import { KeysPage } from './keys/KeysPage';
import { Shell } from './layout/Shell';
import { LoginPage } from './login/LoginPage';
import { NodesPage } from './nodes/NodesPage';
import { OverviewPage } from './overview/OverviewPage';
import { RequireSession } from './session/session';
import { TracePage } from './trace/TracePage';

export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireSession>
            <Shell />
          </RequireSession>
        }
      >
        <Route index element={<OverviewPage />} />
        <Route path="connections" element={<ConnectionsPage />} />
        <Route path="groups" element={<GroupsPage />} />
        <Route path="retained" element={<RetainedPage />} />
        <Route path="broadcast" element={<BroadcastPage />} />
        <Route path="trace" element={<TracePage />} />
        <Route path="hubs" element={<HubsPage />} />
        <Route path="hubs/:hub" element={<HubsPage />} />
        <Route path="nodes" element={<NodesPage />} />
        <Route path="keys" element={<KeysPage />} />
        <Route path="client-url" element={<ClientUrlPage />} />
        <Route path="account" element={<AccountPage />} />
        <Route path="*" element={<p>No such page.</p>} />
      </Route>
    </Routes>
  );
}
