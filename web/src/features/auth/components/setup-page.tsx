import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { MIN_PASSWORD_LENGTH } from '../../../../../api/src/people/people.types';
import { fieldErrors, FormError, TextField } from '../../../components/form';
import { browserTimeZone, TIME_ZONES } from '../../../lib/time-zones';
import { useCompleteSetup } from '../api/setup';

/** First visit, nobody exists yet: create the first admin (a founder). */
export function SetupPage() {
  const navigate = useNavigate();
  const setup = useCompleteSetup();
  const [form, setForm] = useState({ name: '', email: '', password: '', timeZone: browserTimeZone() });
  const update = (field: keyof typeof form) => (event: { target: { value: string } }) => setForm({ ...form, [field]: event.target.value });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setup.mutate(form, { onSuccess: () => navigate('/inbox', { replace: true }) });
  };

  return (
    <main className="auth-page">
      <form className="auth-card" onSubmit={submit} noValidate>
        <h1>Welcome to Wholegrain</h1>
        <p className="muted">Create the first account. You will be its admin and can add your team next.</p>
        <FormError error={setup.error} />
        <TextField label="Your name" name="name" autoComplete="name" required value={form.name} onChange={update('name')} errors={fieldErrors(setup.error, 'name')} autoFocus />
        <TextField label="Email" name="email" type="email" autoComplete="email" required value={form.email} onChange={update('email')} errors={fieldErrors(setup.error, 'email')} />
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
          errors={fieldErrors(setup.error, 'password')}
        />
        <TextField label="Time zone" name="timeZone" list="time-zones" required value={form.timeZone} onChange={update('timeZone')} errors={fieldErrors(setup.error, 'timeZone')} />
        <datalist id="time-zones">
          {TIME_ZONES.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
        <button type="submit" className="button button-primary" disabled={setup.isPending}>
          {setup.isPending ? 'Creating your account…' : 'Create account'}
        </button>
      </form>
    </main>
  );
}
