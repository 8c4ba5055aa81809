import { Navigate, Outlet, useLocation } from 'react-router';
import { ErrorState, Spinner } from '../../../components/status';
import { PersonTimeZone } from '../../../lib/person-time-zone';
import { useSession } from '../api/get-session';
import { useSetupStatus } from '../api/setup';

/** Sends the visitor to setup (nobody exists yet), sign-in (not signed in), or the app. */
export function RequireSession() {
  const location = useLocation();
  const setup = useSetupStatus();
  const session = useSession();
  if (setup.isPending || session.isPending) return <Spinner />;
  if (setup.isError) return <ErrorState error={setup.error} onRetry={() => void setup.refetch()} />;
  if (setup.data.needsSetup) return <Navigate to="/setup" replace />;
  if (session.isError) return <ErrorState error={session.error} onRetry={() => void session.refetch()} />;
  if (!session.data) return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  // The team requires two-factor sign-in and this person has none yet: setting one up is all that is open.
  if (session.data.mustEnrolSecondFactor) return <Navigate to="/enrol-second-factor" replace />;
  return (
    <PersonTimeZone.Provider value={session.data.person?.timeZone}>
      <Outlet />
    </PersonTimeZone.Provider>
  );
}

/** Setup and sign-in pages: only for visitors who are not signed in. */
export function RequireGuest({ page }: { page: 'setup' | 'sign-in' }) {
  const setup = useSetupStatus();
  const session = useSession();
  if (setup.isPending || session.isPending) return <Spinner />;
  if (setup.isError) return <ErrorState error={setup.error} onRetry={() => void setup.refetch()} />;
  if (session.data) return <Navigate to={session.data.mustEnrolSecondFactor ? '/enrol-second-factor' : '/inbox'} replace />;
  if (page === 'setup' && !setup.data.needsSetup) return <Navigate to="/sign-in" replace />;
  if (page === 'sign-in' && setup.data.needsSetup) return <Navigate to="/setup" replace />;
  return <Outlet />;
}

/** The enrolment page: only for a session that must set up a second factor first. */
export function RequireEnrolment() {
  const session = useSession();
  if (session.isPending) return <Spinner />;
  if (session.isError) return <ErrorState error={session.error} onRetry={() => void session.refetch()} />;
  if (!session.data) return <Navigate to="/sign-in" replace />;
  return <Outlet />;
}
