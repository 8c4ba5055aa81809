import { type FormEvent, useState } from 'react';
import { fieldErrors, FormError } from '../../../components/form';
import { useAddHandoffNote, useHandoffNotes } from '../api/rotations';

/** The latest note from the outgoing person, first thing on the page, and a way to leave one. */
export function HandoffNotes({ rotationId, members, me }: { rotationId: string; members: { personId: string; name: string }[]; me: string | undefined }) {
  const notes = useHandoffNotes(rotationId);
  const add = useAddHandoffNote(rotationId);
  const [text, setText] = useState('');
  const [addresseeId, setAddresseeId] = useState('');
  // Each teammate once (someone can hold several roles), never yourself.
  const teammates = [...new Map(members.filter((member) => member.personId !== me).map((member) => [member.personId, member.name])).entries()];
  const latest = notes.data?.[0];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate({ text, addresseeId: addresseeId || null }, { onSuccess: () => setText('') });
  };
  return (
    <section className="panel handoff" aria-label="Handoff note">
      {latest ? (
        <>
          <h2>
            Handoff note from {latest.author.name}
            {latest.addressee ? ` for ${latest.addressee.name}` : ''} ({latest.dutyDate})
          </h2>
          <p className="note-text">{latest.text}</p>
        </>
      ) : (
        <h2>No handoff note yet</h2>
      )}
      <form onSubmit={submit}>
        <FormError error={add.error} />
        <label htmlFor="handoff-text" className="visually-hidden">
          Note for the next person on duty
        </label>
        <textarea id="handoff-text" rows={2} placeholder="What should the next person on duty know?" value={text} onChange={(event) => setText(event.target.value)} />
        {fieldErrors(add.error, 'text')?.map((message) => (
          <p key={message} className="field-error">
            {message}
          </p>
        ))}
        {teammates.length > 0 ? (
          <label className="handoff-addressee">
            For
            <select aria-label="Addressed to" value={addresseeId} onChange={(event) => setAddresseeId(event.target.value)}>
              <option value="">whoever is on duty next</option>
              {teammates.map(([personId, name]) => (
                <option key={personId} value={personId}>
                  {name} (notified)
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <button type="submit" className="button" disabled={add.isPending || text.trim() === ''}>
          {add.isPending ? 'Saving…' : 'Leave handoff note'}
        </button>
      </form>
    </section>
  );
}
