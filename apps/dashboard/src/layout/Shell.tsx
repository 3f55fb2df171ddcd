import { NavLink, Outlet } from 'react-router';
import { useSession } from '../session/session';

const PAGES = [
  ['/', 'Overview'],
  ['/connections', 'Connections'],
  ['/groups', 'Groups'],
  ['/retained', 'Retained messages'],
  ['/broadcast', 'Broadcast'],
  ['/trace', 'Live trace'],
  ['/hubs', 'Hubs'],
  ['/nodes', 'Nodes'],
  ['/keys', 'Keys'],
  ['/client-url', 'Client URL'],
] as const;

/** Every logged-in page: navigation on the left, the page on the right. */
export function Shell() {
  const { session, logout } = useSession();
  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Pages">
        <div className="brand">Switchboard</div>
        {PAGES.map(([to, label]) => (
          <NavLink key={to} to={to} end={to === '/'}>
            {label}
          </NavLink>
        ))}
        <div className="sidebar-foot">
          <NavLink to="/account">{session?.username}</NavLink>
          <button className="link" onClick={() => void logout()}>
            Log out
          </button>
        </div>
      </nav>
      <main className="content">
        <Outlet />
      </main>
    </div>
  );
}
