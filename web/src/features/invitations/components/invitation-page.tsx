import { type FormEvent, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { MIN_PASSWORD_LENGTH } from '../../../../../api/src/people/people.types';
import { fieldErrors, FormError, TextField } from '../../../components/form';
import { Spinner } from '../../../components/status';
import { browserTimeZone, TIME_ZONES } from '../../../lib/time-zones';
import { useAcceptInvitation, useInvitationPreview } from '../api/invitations';

/** The invitation link: choose your name, password and time zone, and you are in. */
export function InvitationPage() {
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const preview = useInvitationPreview(token);
  const accept = useAcceptInvitation(token);
  const [form, setForm] = useState({ name: '', password: '', timeZone: browserTimeZone() });
  const update = (field: keyof typeof form) => (event: { target: { value: string } }) => setForm({ ...form, [field]: event.target.value });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    accept.mutate(form, { onSuccess: () => navigate('/inbox', { replace: true }) });
  };

  if (preview.isPending) {
    return (
      <main className="auth-page">
        <Spinner label="Checking your invitation…" />
      </main>
    );
  }
  if (preview.isError) {
    return (
      <main className="auth-page">
        <div className="auth-card" role="alert">
          <h1>This link does not work</h1>
          <p className="muted">{preview.error.message}</p>
          <a href="/sign-in">Sign in instead</a>
        </div>
      </main>
    );
  }
  return (
    <main className="auth-page">
      <form className="auth-card" onSubmit={submit} noValidate>
        <h1>Join Wholegrain</h1>
        <p className="muted">
          {preview.data.invitedBy ? `${preview.data.invitedBy} invited you` : 'You are invited'} as <strong>{preview.data.email}</strong>. Choose how you appear to the team and your password.
        </p>
        <FormError error={accept.error} />
        <TextField label="Your name" name="name" autoComplete="name" required value={form.name} onChange={update('name')} errors={fieldErrors(accept.error, 'name')} autoFocus />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={MIN_PASSWORD_LENGTH}
          hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
          value={form.password}
          onChange={update('password')}
          errors={fieldErrors(accept.error, 'password')}
        />
        <TextField label="Time zone" name="timeZone" list="time-zones" required value={form.timeZone} onChange={update('timeZone')} errors={fieldErrors(accept.error, 'timeZone')} />
        <datalist id="time-zones">
          {TIME_ZONES.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
        <button type="submit" className="button button-primary" disabled={accept.isPending}>
          {accept.isPending ? 'Creating your account…' : 'Join the team'}
        </button>
      </form>
    </main>
  );
}
