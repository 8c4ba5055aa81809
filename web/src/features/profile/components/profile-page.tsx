import { type FormEvent, useState } from 'react';
import { NOTIFICATION_KINDS, type NotificationKind } from '../../../../../api/src/notifications/notifications.types';
import { fieldErrors, FormError, TextField } from '../../../components/form';
import { ErrorState, Spinner } from '../../../components/status';
import { TIME_ZONES } from '../../../lib/time-zones';
import { useSession } from '../../auth/api/get-session';
import { desktopState, type DesktopState, setDesktop, showDesktop } from '../../notifications/desktop-notifications';
import { SignatureForm } from '../../people/components/signature-form';
import { useNotificationPreferences, useSetNotificationPreference, useUpdateProfile } from '../api/profile';

const KIND_LABELS: Record<NotificationKind, string> = {
  new_conversation: 'A new conversation while I am on duty',
  customer_reply: 'A customer replies in my conversation, or while I am on duty',
  assigned: 'A teammate assigns me a conversation',
  mention: 'Someone mentions me in a note',
  swap_request: 'A swap request in my rotation',
  swap_answer: 'An answer to my swap request',
  reply_failed: 'A reply of mine could not be sent',
};

function NameAndTimeZone() {
  const session = useSession();
  const update = useUpdateProfile();
  const person = session.data?.person;
  const [form, setForm] = useState<{ name: string; timeZone: string } | null>(null);
  const value = form ?? { name: person?.name ?? '', timeZone: person?.timeZone ?? '' };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(value, { onSuccess: () => setForm(null) });
  };
  return (
    <form className="panel" aria-label="Name and time zone" onSubmit={submit} noValidate>
      <h2>Name and time zone</h2>
      <FormError error={update.error} />
      <div className="form-grid">
        <TextField label="Your name" name="profile-name" required value={value.name} onChange={(event) => setForm({ ...value, name: event.target.value })} errors={fieldErrors(update.error, 'name')} />
        <TextField label="Your time zone" name="profile-time-zone" list="profile-time-zones" required value={value.timeZone} onChange={(event) => setForm({ ...value, timeZone: event.target.value })} errors={fieldErrors(update.error, 'timeZone')} />
      </div>
      <datalist id="profile-time-zones">
        {TIME_ZONES.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <div className="actions">
        <button type="submit" className="button" disabled={update.isPending || form === null}>
          {update.isPending ? 'Saving…' : 'Save'}
        </button>
        {update.isSuccess && form === null ? (
          <span className="muted small" role="status">
            Saved.
          </span>
        ) : null}
      </div>
    </form>
  );
}

function NotificationPreferences() {
  const preferences = useNotificationPreferences();
  const set = useSetNotificationPreference();
  const [desktop, setDesktopState] = useState<DesktopState>(desktopState);
  return (
    <section className="panel" aria-labelledby="notification-preferences-heading">
      <h2 id="notification-preferences-heading">Notifications</h2>
      <p className="muted small">What reaches your notification centre (the bell). Never anything you did yourself.</p>
      <FormError error={set.error} />
      {preferences.isPending ? (
        <Spinner label="Loading your preferences…" />
      ) : preferences.isError ? (
        <ErrorState error={preferences.error} onRetry={() => void preferences.refetch()} />
      ) : (
        <fieldset className="weekdays preference-list">
          <legend className="visually-hidden">Notify me when</legend>
          {NOTIFICATION_KINDS.map((kind) => (
            <label key={kind} className="checkbox">
              <input type="checkbox" checked={preferences.data[kind].inApp} disabled={set.isPending} onChange={(event) => set.mutate({ kind, inApp: event.target.checked })} />
              {KIND_LABELS[kind]}
            </label>
          ))}
        </fieldset>
      )}
      <h3>Desktop notifications on this device</h3>
      {desktop === 'unsupported' ? (
        <p className="muted small">This browser cannot show desktop notifications.</p>
      ) : desktop === 'denied' ? (
        <p className="muted small">This browser blocks notifications from Wholegrain; allow them in the site settings, then come back.</p>
      ) : (
        <div className="actions">
          <label className="checkbox">
            <input type="checkbox" checked={desktop === 'on'} onChange={(event) => void setDesktop(event.target.checked).then(setDesktopState)} />
            Show a desktop notification when something arrives while Wholegrain is open in the background
          </label>
        </div>
      )}
      {desktop === 'on' ? (
        <button type="button" className="button button-small" onClick={() => showDesktop({ title: 'Wholegrain test notification', body: 'Desktop notifications work on this device.', url: '/profile', tag: 'test' }, () => undefined)}>
          Send a test notification
        </button>
      ) : null}
    </section>
  );
}

/** Your profile: name, time zone, signature and notification preferences. */
export function ProfilePage() {
  return (
    <section className="page">
      <header className="page-header">
        <div>
          <h1>Your profile</h1>
          <p className="muted">How the team sees you, and what Wholegrain tells you about.</p>
        </div>
      </header>
      <NameAndTimeZone />
      <SignatureForm />
      <NotificationPreferences />
    </section>
  );
}
