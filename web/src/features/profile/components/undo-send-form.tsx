import { FormError } from '../../../components/form';
import { useSession } from '../../auth/api/get-session';
import { useUndoSendSetting, useUpdateProfile } from '../api/profile';

const CHOICES = [0, 5, 10, 15, 20, 30];

/** How long a reply waits, with an Undo and a countdown, before it is sent (per person; 0 sends at once). */
export function UndoSendForm() {
  const session = useSession();
  const update = useUpdateProfile();
  const setting = useUndoSendSetting();
  const teamDefault = setting.data?.teamDefault;
  const describe = (seconds: number) => (seconds === 0 ? 'send at once' : `${seconds} seconds`);
  const current = session.data?.person.undoSendSeconds ?? null;
  return (
    <section className="panel" aria-label="Undo send">
      <h2>Undo send</h2>
      <p className="muted small">A reply waits this long before it is sent, with a countdown and an Undo button that puts it back in the composer. Closing the tab does not send it early.</p>
      <FormError error={update.error} />
      <label className="field">
        <span>Wait before sending</span>
        <select
          name="undo-send-seconds"
          value={current === null ? 'default' : String(current)}
          disabled={update.isPending || !session.data}
          onChange={(event) => update.mutate({ undoSendSeconds: event.target.value === 'default' ? null : Number(event.target.value) })}
        >
          <option value="default">{teamDefault === undefined ? 'Team default' : `Team default (${describe(teamDefault)})`}</option>
          {CHOICES.map((seconds) => (
            <option key={seconds} value={seconds}>
              {seconds === 0 ? 'Send at once (no undo)' : `${seconds} seconds`}
            </option>
          ))}
        </select>
      </label>
      {update.isSuccess ? (
        <p className="muted small" role="status">
          Saved.
        </p>
      ) : null}
    </section>
  );
}
