import { useState } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useSession } from '../../auth/api/get-session';
import { useSignOut } from '../../auth/api/sign-out';
import { NotificationBell } from '../../notifications/components/notification-bell';
import { OnDutyToday } from '../../rotation/components/on-duty-today';
import { ConnectionStatus } from './connection-status';
import { Notices } from './notices';

const NAVIGATION = [
  { to: '/inbox', label: 'Inbox' },
  { to: '/rotation', label: 'Rotation' },
  { to: '/feedback', label: 'Feedback' },
  { to: '/reports', label: 'Reports' },
  { to: '/people', label: 'People' },
  { to: '/settings', label: 'Settings' },
] as const;

export function AppShell() {
  const session = useSession();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const person = session.data?.person;
  // Below 800 px the links and the account fold into a menu, closed again by any navigation.
  const location = useLocation();
  const [menuOpenAt, setMenuOpenAt] = useState<string | null>(null);
  const menuOpen = menuOpenAt === location.key;

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className={`topbar${menuOpen ? ' menu-open' : ''}`}>
        <span className="brand">Wholegrain</span>
        <button type="button" className="button button-quiet menu-button" aria-expanded={menuOpen} aria-controls="topbar-menu" onClick={() => setMenuOpenAt(menuOpen ? null : location.key)}>
          Menu
        </button>
        <div className="topbar-menu" id="topbar-menu">
          <nav aria-label="Main">
            <ul>
              {NAVIGATION.map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to}>{item.label}</NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <OnDutyToday />
          <div className="account">
            <NavLink to="/profile" className="account-name" title={`Your profile (${person?.email ?? ''})`}>
              {person?.name}
            </NavLink>
            <button type="button" className="button button-quiet" disabled={signOut.isPending} onClick={() => signOut.mutate(undefined, { onSuccess: () => navigate('/sign-in') })}>
              Sign out
            </button>
          </div>
        </div>
        <NotificationBell />
      </header>
      <ConnectionStatus />
      <main id="main" className="content">
        <Notices />
        <Outlet />
      </main>
    </div>
  );
}
