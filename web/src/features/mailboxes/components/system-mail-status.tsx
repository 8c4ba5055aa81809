import { useSystemMail } from '../api/get-system-mail';

const WHAT = 'duty reminders, digests, notification emails, sign-in alerts, invitations and password resets';

/** Says plainly whether Wholegrain can send its own mail, and through what. */
export function SystemMailStatus() {
  const systemMail = useSystemMail();
  if (!systemMail.data) return null;
  if (systemMail.data.via === 'none') {
    return (
      <div className="banner banner-warning" role="note" aria-label="System mail">
        <strong>Wholegrain cannot send email of its own.</strong> No <code>SMTP_URL</code> is set and no mailbox has SMTP settings, so {WHAT} are not sent (reminders and sign-in
        alerts still show in the app; an admin can copy invitation and password reset links by hand). Connect a mailbox (its SMTP server is then used) or set <code>SMTP_URL</code>{' '}
        and restart.
      </div>
    );
  }
  if (systemMail.data.via === 'smtp_url') {
    return (
      <p className="muted small" role="note" aria-label="System mail">
        System mail ({WHAT}) goes out through the server in <code>SMTP_URL</code>.
      </p>
    );
  }
  return (
    <p className="muted small" role="note" aria-label="System mail">
      System mail ({WHAT}) goes out through the SMTP server of {systemMail.data.mailbox}, the first mailbox, from that address as “Wholegrain”. Set <code>SMTP_URL</code> to use another
      server.
    </p>
  );
}
