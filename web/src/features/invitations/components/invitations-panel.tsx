import { type FormEvent, useState } from 'react';
import type { InvitationLinkDto } from '../../../../../api/src/invitations/invitations.types';
import type { Access, SupportRole } from '../../../../../api/src/people/people.types';
import { fieldErrors, FormError, SelectField, TextField } from '../../../components/form';
import { ErrorState, Spinner } from '../../../components/status';
import { ACCESS_LABELS, ROLE_LABELS } from '../../people/components/labels';
import { useInvite, usePendingInvitations, useResendInvitation, useRevokeInvitation } from '../api/invitations';
import '../invitations.css';

/** Admins invite people by email; the link is shown once to copy, and pending invitations can be re-sent or revoked. */
export function InvitationsPanel() {
  const pending = usePendingInvitations();
  const invite = useInvite();
  const resend = useResendInvitation();
  const revoke = useRevokeInvitation();
  const [form, setForm] = useState<{ email: string; access: Access; supportRole: SupportRole }>({ email: '', access: 'member', supportRole: 'programmer' });
  const [result, setResult] = useState<InvitationLinkDto | null>(null);
  const [copied, setCopied] = useState(false);

  const show = (link: InvitationLinkDto) => {
    setResult(link);
    setCopied(false);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate(form, {
      onSuccess: (link) => {
        show(link);
        setForm({ ...form, email: '' });
      },
    });
  };

  return (
    <section className="panel" aria-labelledby="invitations-heading">
      <h2 id="invitations-heading">Invite people</h2>
      <form onSubmit={submit} noValidate>
        <FormError error={invite.error} />
        <div className="form-grid">
          <TextField label="Email to invite" name="invite-email" type="email" required value={form.email} onChange={(event) => setForm({ ...form, email: event.target.value })} errors={fieldErrors(invite.error, 'email')} />
          <SelectField label="Access" name="invite-access" value={form.access} onChange={(event) => setForm({ ...form, access: event.target.value as Access })} options={Object.entries(ACCESS_LABELS).map(([value, label]) => ({ value, label }))} />
          <SelectField label="Support role" name="invite-role" value={form.supportRole} onChange={(event) => setForm({ ...form, supportRole: event.target.value as SupportRole })} options={Object.entries(ROLE_LABELS).map(([value, label]) => ({ value, label }))} />
        </div>
        <button type="submit" className="button button-primary" disabled={invite.isPending}>
          {invite.isPending ? 'Inviting…' : 'Send invitation'}
        </button>
      </form>

      {result ? (
        <div className="banner notice invitation-result" role="status" data-testid="invitation-result">
          <p>
            {result.emailed ? `Emailed to ${result.invitation.email}.` : `Not emailed: ${result.emailProblem ?? ''}`} The link works once, until{' '}
            {new Date(result.invitation.expiresAt).toLocaleDateString(undefined, { dateStyle: 'medium' })}; it is shown only now.
          </p>
          <label className="visually-hidden" htmlFor="invitation-link">
            Invitation link
          </label>
          <input id="invitation-link" className="calendar-url" readOnly value={result.link} onFocus={(event) => event.currentTarget.select()} />
          <button
            type="button"
            className="button button-small"
            onClick={() => {
              void navigator.clipboard
                ?.writeText(result.link)
                .then(() => setCopied(true))
                .catch(() => undefined);
            }}
          >
            {copied ? 'Copied' : 'Copy link'}
          </button>
        </div>
      ) : null}

      <h3>Pending invitations</h3>
      <FormError error={resend.error ?? revoke.error} />
      {pending.isPending ? (
        <Spinner label="Loading invitations…" />
      ) : pending.isError ? (
        <ErrorState error={pending.error} onRetry={() => void pending.refetch()} />
      ) : pending.data.length === 0 ? (
        <p className="muted">No pending invitations.</p>
      ) : (
        <ul className="plain-list" aria-label="Pending invitations">
          {pending.data.map((invitation) => (
            <li key={invitation.id} className="invitation-row" data-testid="pending-invitation">
              <span>
                <strong>{invitation.email}</strong> · {ACCESS_LABELS[invitation.access]}, {ROLE_LABELS[invitation.supportRole]} · until {new Date(invitation.expiresAt).toLocaleDateString(undefined, { dateStyle: 'medium' })}
                {invitation.sentAt ? '' : ' · not emailed'}
              </span>
              <span className="actions">
                <button type="button" className="button button-small" disabled={resend.isPending} onClick={() => resend.mutate(invitation.id, { onSuccess: show })}>
                  Re-send
                </button>
                <button type="button" className="button button-small" disabled={revoke.isPending} onClick={() => revoke.mutate(invitation.id, { onSuccess: () => setResult(null) })}>
                  Revoke
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
