import { timeAgo } from '../../../lib/format';
import { useEndAccountSession } from '../api/end-account-session';
import { useAccountSessions } from '../api/get-account-sessions';
import { useSignOutOtherSessions } from '../api/sign-out-other-sessions';
import { browserName } from '../browser-name';

/** Where you are signed in, with "Sign out" per session and "Sign out everywhere else". */
export function SessionsPanel() {
  const sessions = useAccountSessions();
  const end = useEndAccountSession();
  const signOutOthers = useSignOutOtherSessions();
  const others = sessions.data?.filter((session) => !session.current) ?? [];
  return (
    <section className="panel" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Sessions</h2>
      <p className="muted small">Browsers signed in to your account. A session unused for 14 days ends by itself.</p>
      {sessions.isPending ? (
        <p className="muted" role="status">
          Loading sessions…
        </p>
      ) : sessions.isError ? (
        <p className="field-error" role="alert">
          Could not load your sessions: {sessions.error.message}
        </p>
      ) : (
        <ul className="session-list">
          {sessions.data.map((session) => (
            <li key={session.id}>
              <strong>{browserName(session.userAgent)}</strong>
              <span className="muted small">
                {' '}
                · {session.ip ?? 'unknown address'} · {session.current ? 'this browser' : `last seen ${timeAgo(session.lastSeenAt)}`}
              </span>
              {session.current ? null : (
                <button type="button" className="button button-small" disabled={end.isPending} onClick={() => end.mutate(session.id)}>
                  Sign out
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {end.isError ? <p className="field-error">{end.error.message}</p> : null}
      {signOutOthers.isError ? <p className="field-error">{signOutOthers.error.message}</p> : null}
      <div className="actions">
        <button type="button" className="button" disabled={others.length === 0 || signOutOthers.isPending} onClick={() => signOutOthers.mutate()}>
          {signOutOthers.isPending ? 'Signing out…' : 'Sign out everywhere else'}
        </button>
        {signOutOthers.isSuccess ? (
          <span className="muted small" role="status">
            Signed out of {signOutOthers.data.signedOut} other session{signOutOthers.data.signedOut === 1 ? '' : 's'}.
          </span>
        ) : null}
      </div>
    </section>
  );
}
