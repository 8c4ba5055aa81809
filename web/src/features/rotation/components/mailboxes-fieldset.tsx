/** "Mailboxes it answers": one checkbox per mailbox, in the create and edit forms of a rotation. Nothing without mailboxes. */
export function MailboxesFieldset({ mailboxes, chosen, onChange }: { mailboxes: readonly { id: string; address: string }[] | undefined; chosen: readonly string[]; onChange: (ids: string[]) => void }) {
  if (!mailboxes || mailboxes.length === 0) return null;
  const toggle = (id: string) => onChange(chosen.includes(id) ? chosen.filter((value) => value !== id) : [...chosen, id]);
  return (
    <fieldset className="weekdays">
      <legend>Mailboxes it answers</legend>
      {mailboxes.map((mailbox) => (
        <label key={mailbox.id} className="weekday">
          <input type="checkbox" checked={chosen.includes(mailbox.id)} onChange={() => toggle(mailbox.id)} /> {mailbox.address}
        </label>
      ))}
    </fieldset>
  );
}
