import { useState } from 'react';
import { useSession } from '../../auth/api/get-session';
import { useSetSignature } from '../api/set-signature';

/** Your reply signature, added below every reply you send (after a "-- " line). */
export function SignatureForm() {
  const session = useSession();
  const save = useSetSignature();
  const saved = session.data?.person.signature ?? '';
  const [draft, setDraft] = useState<string | null>(null);
  const value = draft ?? saved;
  return (
    <form
      className="panel"
      aria-label="Your signature"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate(value, { onSuccess: () => setDraft(null) });
      }}
    >
      <h2>Your signature</h2>
      <p className="muted small">Added below every reply you send. Plain text; leave it empty for none.</p>
      <label className="visually-hidden" htmlFor="signature">
        Signature
      </label>
      <textarea id="signature" className="composer-text" rows={3} value={value} maxLength={2000} onChange={(event) => setDraft(event.target.value)} />
      {save.isError ? <p className="field-error">{save.error.message}</p> : null}
      <div className="actions">
        <button type="submit" className="button" disabled={save.isPending || draft === null || draft === saved}>
          {save.isPending ? 'Saving…' : 'Save signature'}
        </button>
        {save.isSuccess && draft === null ? <span className="muted small" role="status">Saved.</span> : null}
      </div>
    </form>
  );
}
