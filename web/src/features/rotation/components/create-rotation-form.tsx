import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { CreateRotationRequest } from '../../../../../api/src/duty/duty.contract';
import type { RotationDto } from '../../../../../api/src/duty/duty.types';
import { FormError, TextField, fieldErrors } from '../../../components/form';
import { ErrorState, Spinner } from '../../../components/status';
import { api } from '../../../lib/api-client';
import { browserTimeZone } from '../../../lib/time-zones';
import { useMailboxes } from '../../mailboxes/api/get-mailboxes';
import { usePeople } from '../../people/api/get-people';
import { WEEKDAYS } from '../../people/components/labels';
import { rotationsQuery } from '../api/rotations';
import { MailboxesFieldset } from './mailboxes-fieldset';
import { useSession } from '../../auth/api/get-session';
import { firstWorkingDayFrom, todayInOrHere } from './week';

/** Admins: set up the Everyone on Support rotation: who takes turns, in which order, on which days. */
export function CreateRotationForm() {
  const queryClient = useQueryClient();
  const people = usePeople();
  const mailboxes = useMailboxes();
  const create = useMutation({
    mutationFn: (input: CreateRotationRequest) => api<RotationDto>('POST', '/api/rotations', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: rotationsQuery.queryKey }),
  });
  const session = useSession();
  // Until the admin types them: the time zone is their own (their profile's), and the first day is
  // today on that zone's clock, or the next working day; never a past day, which would show duty
  // days that never happened.
  const [fields, setForm] = useState<{ name: string; timeZone: string | null; handoffTime: string; startDate: string | null; workingDays: number[] }>({
    name: 'Everyone on Support',
    timeZone: null,
    handoffTime: '09:00',
    startDate: null,
    workingDays: [1, 2, 3, 4, 5],
  });
  const timeZone = fields.timeZone ?? session.data?.person.timeZone ?? browserTimeZone();
  const form = { ...fields, timeZone, startDate: fields.startDate ?? firstWorkingDayFrom(todayInOrHere(timeZone), fields.workingDays) };
  // null until someone ticks a box: a team of one starts with that person ticked.
  const [chosenOrder, setOrder] = useState<string[] | null>(null);
  const [mailboxIds, setMailboxIds] = useState<string[] | null>(null);
  if (people.isPending || mailboxes.isPending || session.isPending) return <Spinner />;
  if (people.isError) return <ErrorState error={people.error} />;
  const chosenMailboxes = mailboxIds ?? mailboxes.data?.map((mailbox) => mailbox.id) ?? [];
  const activePeople = people.data.filter((person) => person.active);
  const order = chosenOrder ?? (activePeople.length === 1 ? [activePeople[0]!.id] : []);
  const missing = [order.length === 0 ? 'one person' : null, form.workingDays.length === 0 ? 'one working day' : null].filter((part) => part !== null);
  const whyDisabled = missing.length > 0 ? `Choose at least ${missing.join(' and ')}.` : null;
  const toggle = (list: string[], id: string) => (list.includes(id) ? list.filter((value) => value !== id) : [...list, id]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ ...form, members: order.map((personId) => ({ personId })), mailboxIds: chosenMailboxes });
  };

  return (
    <form className="panel" onSubmit={submit} aria-label="Create the rotation">
      <h2>Create the rotation</h2>
      <p className="muted">Tick people in the order they take turns. New mail in the chosen mailboxes goes to whoever is on duty.</p>
      <FormError error={create.error} />
      <div className="form-grid">
        <TextField label="Name" name="rotation-name" required value={form.name} onChange={(event) => setForm({ ...fields, name: event.target.value })} errors={fieldErrors(create.error, 'name')} />
        <TextField label="Time zone" name="rotation-zone" required value={form.timeZone} onChange={(event) => setForm({ ...fields, timeZone: event.target.value })} errors={fieldErrors(create.error, 'timeZone')} />
        <TextField label="Handoff time" name="handoff" type="time" required value={form.handoffTime} onChange={(event) => setForm({ ...fields, handoffTime: event.target.value })} errors={fieldErrors(create.error, 'handoffTime')} />
        <TextField label="First day" name="start" type="date" required value={form.startDate} onChange={(event) => setForm({ ...fields, startDate: event.target.value })} errors={fieldErrors(create.error, 'startDate')} />
      </div>
      <fieldset className="weekdays">
        <legend>Working days</legend>
        {WEEKDAYS.map(({ day, short }) => (
          <label key={day} className="weekday">
            <input type="checkbox" checked={form.workingDays.includes(day)} onChange={() => setForm({ ...fields, workingDays: toggle(form.workingDays.map(String), String(day)).map(Number).sort() })} /> {short}
          </label>
        ))}
      </fieldset>
      <fieldset className="weekdays">
        <legend>Who takes turns, in order</legend>
        {activePeople.map((person) => (
          <label key={person.id} className="weekday">
            <input type="checkbox" checked={order.includes(person.id)} onChange={() => setOrder(toggle(order, person.id))} /> {person.name}
            {order.includes(person.id) ? ` (${order.indexOf(person.id) + 1})` : ''}
          </label>
        ))}
      </fieldset>
      <MailboxesFieldset mailboxes={mailboxes.data} chosen={chosenMailboxes} onChange={setMailboxIds} />
      <div className="actions why-disabled">
        <button type="submit" className="button button-primary" disabled={create.isPending || whyDisabled !== null} aria-describedby={whyDisabled ? 'create-rotation-why' : undefined}>
          {create.isPending ? 'Creating…' : 'Create rotation'}
        </button>
        {whyDisabled ? (
          <span id="create-rotation-why" className="why-disabled-reason">
            {whyDisabled}
          </span>
        ) : null}
      </div>
    </form>
  );
}
