import { type FormEvent, useState } from 'react';
import type { RotationDto } from '../../../../../api/src/duty/duty.types';
import { FormError, SelectField, TextField, fieldErrors } from '../../../components/form';
import { ErrorState, Spinner } from '../../../components/status';
import { TIME_ZONES } from '../../../lib/time-zones';
import { useMailboxes } from '../../mailboxes/api/get-mailboxes';
import { usePeople } from '../../people/api/get-people';
import { WEEKDAYS } from '../../people/components/labels';
import { useUpdateRotation } from '../api/rotations';
import { MailboxesFieldset } from './mailboxes-fieldset';
import { formatDay } from './week';

type Member = RotationDto['members'][number];

/**
 * Admins: change who takes turns and in which order, the working days, handoff time, time zone,
 * holidays and mailboxes. Planning changes take effect from a chosen day (by default the first duty
 * day that has not begun); days before it, and who covered whom, stay as they were.
 */
export function EditRotationForm({ rotation, onClose }: { rotation: RotationDto; onClose: () => void }) {
  const people = usePeople();
  const mailboxes = useMailboxes();
  const update = useUpdateRotation(rotation.id);
  const [form, setForm] = useState({
    name: rotation.name,
    timeZone: rotation.timeZone,
    handoffTime: rotation.handoffTime,
    daysPerTurn: String(rotation.daysPerTurn),
    workingDays: rotation.workingDays,
    effectiveFrom: rotation.editableFrom,
  });
  const [members, setMembers] = useState<Member[]>(rotation.members);
  const [holidays, setHolidays] = useState<string[]>(rotation.holidays);
  const [holiday, setHoliday] = useState('');
  const [mailboxIds, setMailboxIds] = useState<string[]>(rotation.mailboxIds);
  const [newcomer, setNewcomer] = useState({ personId: '', position: '' });
  if (people.isPending || mailboxes.isPending) return <Spinner label="Loading people and mailboxes…" />;
  if (people.isError) return <ErrorState error={people.error} onRetry={() => void people.refetch()} />;

  const candidates = people.data.filter((person) => person.active && !members.some((member) => member.personId === person.id));
  const toggle = (list: string[], id: string) => (list.includes(id) ? list.filter((value) => value !== id) : [...list, id]);
  const move = (index: number, by: number) => {
    const next = [...members];
    const [member] = next.splice(index, 1);
    next.splice(index + by, 0, member!);
    setMembers(next);
  };
  const addNewcomer = () => {
    const person = candidates.find((candidate) => candidate.id === (newcomer.personId || candidates[0]?.id));
    if (!person) return;
    const position = newcomer.position ? Number(newcomer.position) - 1 : members.length;
    const next = [...members];
    next.splice(position, 0, { personId: person.id, name: person.name, role: 'primary', weight: 1 });
    setMembers(next);
    setNewcomer({ personId: '', position: '' });
  };
  const addHoliday = () => {
    if (holiday && !holidays.includes(holiday)) setHolidays([...holidays, holiday].sort());
    setHoliday('');
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({
      name: form.name,
      timeZone: form.timeZone,
      handoffTime: form.handoffTime,
      daysPerTurn: Number(form.daysPerTurn),
      workingDays: form.workingDays,
      holidays,
      mailboxIds,
      members: members.map(({ personId, role, weight }) => ({ personId, role, weight })),
      effectiveFrom: form.effectiveFrom,
    });
  };

  return (
    <form className="panel" onSubmit={submit} aria-label="Edit the rotation">
      <h2>Edit the rotation</h2>
      <p className="muted">Changes to people, order, days and times re-plan the duty days from the day you choose; earlier days and who covered whom stay as they were. Overrides and swaps stay, except that someone who leaves is not put back on a later day.</p>
      <FormError error={update.error} />
      {update.isSuccess ? (
        <p role="status" className="banner">
          {update.data.replannedFrom ? `Saved. Duty days from ${formatDay(update.data.replannedFrom)} are planned with the new settings; earlier days stay as they were.` : 'Saved. Nothing had to be re-planned.'}
        </p>
      ) : null}
      <div className="form-grid">
        <TextField label="Name" name="edit-rotation-name" required value={form.name} onChange={(event) => setForm({ ...form, name: event.target.value })} errors={fieldErrors(update.error, 'name')} />
        <TextField label="Time zone" name="edit-rotation-zone" list="rotation-time-zones" required value={form.timeZone} onChange={(event) => setForm({ ...form, timeZone: event.target.value })} errors={fieldErrors(update.error, 'timeZone')} />
        <TextField label="Handoff time" name="edit-handoff" type="time" required value={form.handoffTime} onChange={(event) => setForm({ ...form, handoffTime: event.target.value })} errors={fieldErrors(update.error, 'handoffTime')} />
        <TextField label="Days per turn" name="edit-days-per-turn" type="number" min={1} max={14} required value={form.daysPerTurn} onChange={(event) => setForm({ ...form, daysPerTurn: event.target.value })} errors={fieldErrors(update.error, 'daysPerTurn')} />
      </div>
      <datalist id="rotation-time-zones">
        {TIME_ZONES.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <fieldset className="weekdays">
        <legend>Working days</legend>
        {WEEKDAYS.map(({ day, short }) => (
          <label key={day} className="weekday">
            <input type="checkbox" checked={form.workingDays.includes(day)} onChange={() => setForm({ ...form, workingDays: toggle(form.workingDays.map(String), String(day)).map(Number).sort() })} /> {short}
          </label>
        ))}
      </fieldset>

      <h3>Who takes turns, in order</h3>
      <ol className="member-order" aria-label="Turn order">
        {members.map((member, index) => (
          <li key={member.personId}>
            <span className="name">{member.name}</span>
            <button type="button" className="button" onClick={() => move(index, -1)} disabled={index === 0} aria-label={`Move ${member.name} up`}>
              ↑
            </button>
            <button type="button" className="button" onClick={() => move(index, 1)} disabled={index === members.length - 1} aria-label={`Move ${member.name} down`}>
              ↓
            </button>
            <button type="button" className="button" onClick={() => setMembers(members.filter((other) => other.personId !== member.personId))} aria-label={`Remove ${member.name}`}>
              Remove
            </button>
          </li>
        ))}
        {members.length === 0 ? <li className="muted">Nobody takes turns: nobody will be on duty.</li> : null}
      </ol>
      {candidates.length > 0 ? (
        <div className="inline-add" role="group" aria-label="Add someone to the rotation">
          <SelectField label="Add" name="newcomer" value={newcomer.personId || candidates[0]!.id} onChange={(event) => setNewcomer({ ...newcomer, personId: event.target.value })} options={candidates.map((person) => ({ value: person.id, label: person.name }))} />
          <SelectField
            label="At position"
            name="newcomer-position"
            value={newcomer.position || String(members.length + 1)}
            onChange={(event) => setNewcomer({ ...newcomer, position: event.target.value })}
            options={Array.from({ length: members.length + 1 }, (_, index) => ({ value: String(index + 1), label: index === members.length ? `${index + 1} (last)` : `${index + 1} (before ${members[index]!.name})` }))}
          />
          <button type="button" className="button" onClick={addNewcomer}>
            Add to the order
          </button>
        </div>
      ) : null}

      <h3>Holidays</h3>
      {holidays.length > 0 ? (
        <ul className="holiday-list" aria-label="Holidays">
          {holidays.map((date) => (
            <li key={date}>
              {formatDay(date)} {date.slice(0, 4)}
              <button type="button" className="button button-quiet" onClick={() => setHolidays(holidays.filter((other) => other !== date))} aria-label={`Remove holiday ${date}`}>
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">No holidays: every working day has someone on duty.</p>
      )}
      <div className="inline-add">
        <TextField label="Holiday" name="holiday" type="date" value={holiday} onChange={(event) => setHoliday(event.target.value)} />
        <button type="button" className="button" onClick={addHoliday} disabled={!holiday}>
          Add holiday
        </button>
      </div>

      <MailboxesFieldset mailboxes={mailboxes.data} chosen={mailboxIds} onChange={setMailboxIds} />

      <div className="form-grid">
        <TextField
          label="Takes effect from"
          name="effective-from"
          type="date"
          required
          min={rotation.editableFrom}
          value={form.effectiveFrom}
          onChange={(event) => setForm({ ...form, effectiveFrom: event.target.value })}
          hint={`The first day not yet begun is ${formatDay(rotation.editableFrom)}.`}
          errors={fieldErrors(update.error, 'effectiveFrom')}
        />
      </div>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save changes'}
        </button>
        <button type="button" className="button button-quiet" onClick={onClose}>
          Close
        </button>
      </div>
    </form>
  );
}
