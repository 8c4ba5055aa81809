import { useSystemMail } from '../api/get-system-mail';

const WHAT = 'duty reminders, digests, notification emails, invitations and password resets';

/** Says plainly whether Wholegrain can send its own mail, and through what. */
export function SystemMailStatus() {
  const systemMail = useSystemMail();
  if (!systemMail.data) return null;
  if (systemMail.data.via === 'none') {
    return (
      <div className="banner banner-warning" role="note" aria-label="System mail">
        <strong>Wholegrain cannot send email of its own.</strong> No <code>SMTP_URL</code> is set and no mailbox is connected, so {WHAT} are not sent. An admin can connect a mailbox (its SMTP
        server is then used) or set <code>SMTP_URL</code> and restart.
      </div>
    );
  }
  if (systemMail.data.via === 'smtp_url') {
    return (
      <p className="muted small" aria-label="System mail">
        System mail ({WHAT}) goes out through the server in <code>SMTP_URL</code>.
      </p>
    );
  }
  // Reminders, digests, sign-in alerts and password resets are sent through SMTP_URL only (so far).
  return (
    <div className="banner banner-warning" role="note" aria-label="System mail">
      Notification emails and invitations go out through the SMTP server of {systemMail.data.mailbox}, the first mailbox. Duty reminders, digests and password resets need{' '}
      <code>SMTP_URL</code>, which is not set, so they are not emailed.
    </div>
  );
}
