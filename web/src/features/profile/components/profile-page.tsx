import { type FormEvent, useEffect, useState } from 'react';
import { NEW_MAIL_KINDS, NOTIFICATION_KINDS, type NotificationChannel, type NotificationKind } from '../../../../../api/src/notifications/notifications.types';
import { fieldErrors, FormError, TextField } from '../../../components/form';
import { ErrorState, Spinner } from '../../../components/status';
import { TIME_ZONES } from '../../../lib/time-zones';
import { useSession } from '../../auth/api/get-session';
import { desktopState, type DesktopState, setDesktop, showDesktop } from '../../notifications/desktop-notifications';
import { pushState, type PushState, setPush } from '../../notifications/web-push';
import { SignatureForm } from '../../people/components/signature-form';
import { UndoSendForm } from './undo-send-form';
import { useSystemMail } from '../../mailboxes/api/get-system-mail';
import { useNotificationPreferences, useSetNotificationPreference, useTestPush, useUpdateProfile } from '../api/profile';

const KIND_LABELS: Record<NotificationKind, string> = {
  new_conversation: 'A new conversation while I am on duty',
  customer_reply: 'A customer replies in my conversation, or while I am on duty',
  assigned: 'A teammate assigns me a conversation',
  mention: 'Someone mentions me in a note',
  swap_request: 'A swap request in my rotation',
  swap_answer: 'An answer to my swap request',
  reply_failed: 'A reply of mine could not be sent',
  handoff_note: 'A handoff note is addressed to me',
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

const CHANNELS: { channel: NotificationChannel; label: string }[] = [
  { channel: 'inApp', label: 'In the app' },
  { channel: 'push', label: 'Desktop & push' },
  { channel: 'email', label: 'Email' },
];

function NotificationPreferences() {
  const preferences = useNotificationPreferences();
  const systemMail = useSystemMail();
  const set = useSetNotificationPreference();
  const testPush = useTestPush();
  const [desktop, setDesktopState] = useState<DesktopState>(desktopState);
  const [push, setPushState] = useState<PushState | 'loading'>('loading');
  const [pushError, setPushError] = useState<string | null>(null);
  useEffect(() => {
    void pushState().then(setPushState);
  }, []);
  const changePush = (on: boolean) => {
    setPushError(null);
    setPushState('loading');
    setPush(on)
      .then(setPushState)
      .catch((error: unknown) => {
        setPushError(error instanceof Error ? error.message : String(error));
        void pushState().then(setPushState);
      });
  };
  const onlyOnDuty = preferences.data ? NEW_MAIL_KINDS.every((kind) => preferences.data[kind].onlyOnDuty) : false;
  return (
    <section className="panel" aria-labelledby="notification-preferences-heading">
      <h2 id="notification-preferences-heading">Notifications</h2>
      <p className="muted small">
        Where each kind reaches you: the bell in the app, desktop and push notifications on your devices, and email (at most one email every 5 minutes, listing what happened). Never anything
        you did yourself.
      </p>
      {systemMail.data?.via === 'none' ? (
        <p className="banner banner-warning" role="note">
          Email cannot be sent: no <code>SMTP_URL</code> is set and no mailbox has SMTP settings, so notification emails are not sent (see Settings).
        </p>
      ) : null}
      <FormError error={set.error} />
      {preferences.isPending ? (
        <Spinner label="Loading your preferences…" />
      ) : preferences.isError ? (
        <ErrorState error={preferences.error} onRetry={() => void preferences.refetch()} />
      ) : (
        <>
          <table className="preference-table">
            <caption className="visually-hidden">Notify me when</caption>
            <thead>
              <tr>
                <th scope="col">Notify me when</th>
                {CHANNELS.map(({ channel, label }) => (
                  <th key={channel} scope="col">
                    {label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {NOTIFICATION_KINDS.map((kind) => (
                <tr key={kind}>
                  <th scope="row">{KIND_LABELS[kind]}</th>
                  {CHANNELS.map(({ channel, label }) => (
                    <td key={channel}>
                      <label className="channel-toggle">
                        <input
                          type="checkbox"
                          aria-label={`${KIND_LABELS[kind]}: ${label}`}
                          checked={preferences.data[kind][channel]}
                          disabled={set.isPending}
                          onChange={(event) => set.mutate({ [kind]: { [channel]: event.target.checked } })}
                        />
                        <span className="channel-name" aria-hidden="true">
                          {label}
                        </span>
                      </label>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={onlyOnDuty}
              disabled={set.isPending}
              onChange={(event) => set.mutate(Object.fromEntries(NEW_MAIL_KINDS.map((kind) => [kind, { onlyOnDuty: event.target.checked }])))}
            />
            Only while I am on duty: new conversations and customer replies reach me only while I am on duty (not for my conversations at other times)
          </label>
        </>
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
      <h3>Push notifications on this device</h3>
      {push === 'loading' ? (
        <Spinner label="Checking this browser…" />
      ) : push === 'unsupported' ? (
        <p className="muted small">This browser cannot receive push notifications (or Wholegrain is not installed as an app on it yet).</p>
      ) : push === 'denied' ? (
        <p className="muted small">This browser blocks notifications from Wholegrain; allow them in the site settings, then come back.</p>
      ) : (
        <div className="actions">
          <label className="checkbox">
            <input type="checkbox" checked={push === 'on'} onChange={(event) => changePush(event.target.checked)} />
            Send notifications to this device while Wholegrain is closed (Web Push)
          </label>
          {push === 'on' ? (
            <button type="button" className="button button-small" disabled={testPush.isPending} onClick={() => testPush.mutate()}>
              {testPush.isPending ? 'Sending…' : 'Send a test push'}
            </button>
          ) : null}
          {testPush.data ? (
            <span className="muted small" role="status">
              {testPush.data.delivered === testPush.data.devices
                ? `Sent to ${testPush.data.devices} device${testPush.data.devices === 1 ? '' : 's'}.`
                : `Sent to ${testPush.data.delivered} of ${testPush.data.devices} devices; the others' push service did not take it.`}
            </span>
          ) : null}
        </div>
      )}
      {pushError ? (
        <div className="banner banner-error" role="alert">
          Push could not be turned on: {pushError}
        </div>
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
      <UndoSendForm />
      <NotificationPreferences />
    </section>
  );
}
