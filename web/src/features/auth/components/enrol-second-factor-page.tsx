import { Link } from 'react-router';
import { TwoFactorPanel } from '../../people/components/two-factor-panel';
import { useSession } from '../api/get-session';
import { useSignOut } from '../api/sign-out';

/** When the team requires two-factor sign-in and you have none yet: set one up, nothing else opens until then. */
export function EnrolSecondFactorPage() {
  const session = useSession();
  const signOut = useSignOut();
  const enrolled = session.data?.mustEnrolSecondFactor === false;
  return (
    <main className="auth-page">
      <div className="enrol-second-factor">
        <h1>Set up two-factor sign-in</h1>
        <p className="muted">Your team requires a second factor for everyone. Set up an authenticator app or a passkey; then Wholegrain opens.</p>
        <TwoFactorPanel isAdmin={false} />
        {enrolled ? (
          <Link className="button button-primary" to="/inbox">
            Continue to Wholegrain
          </Link>
        ) : (
          <button type="button" className="button button-quiet" onClick={() => signOut.mutate()}>
            Sign out
          </button>
        )}
      </div>
    </main>
  );
}
