import { NavLink, Outlet, useNavigate } from 'react-router';
import { useSession } from '../../auth/api/get-session';
import { useSignOut } from '../../auth/api/sign-out';
import { OnDutyToday } from '../../rotation/components/on-duty-today';
import { Notices } from './notices';

const NAVIGATION = [
  { to: '/inbox', label: 'Inbox' },
  { to: '/rotation', label: 'Rotation' },
  { to: '/feedback', label: 'Feedback' },
  { to: '/people', label: 'People' },
  { to: '/settings', label: 'Settings' },
] as const;

export function AppShell() {
  const session = useSession();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const person = session.data?.person;

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Wholegrain</span>
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
          <span className="account-name" title={person?.email}>
            {person?.name}
          </span>
          <button type="button" className="button button-quiet" disabled={signOut.isPending} onClick={() => signOut.mutate(undefined, { onSuccess: () => navigate('/sign-in') })}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" className="content">
        <Notices />
        <Outlet />
      </main>
    </div>
  );
}
