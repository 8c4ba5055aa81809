import { type FormEvent, useState } from 'react';
import type { RotationDto } from '../../../../../api/src/duty/duty.types';
import { FormError } from '../../../components/form';
import { useCalendar, useSwapActions, useSwapRequests } from '../api/rotations';
import { addDays, formatDay } from './week';

function DaySelect({ days, value, onChange }: { days: string[]; value: string; onChange: (date: string) => void }) {
  return (
    <select value={value} onChange={(event) => onChange(event.target.value)}>
      {days.map((date) => (
        <option key={date} value={date}>
          {formatDay(date)}
        </option>
      ))}
    </select>
  );
}

/** Ask a teammate to take one of your days; take a teammate's day by giving one of yours back. */
export function SwapRequests({ rotation, me, today }: { rotation: RotationDto; me: string; today: string }) {
  const requests = useSwapRequests(rotation.id);
  const { ask, take, cancel } = useSwapActions(rotation.id);
  const upcoming = useCalendar(rotation.id, addDays(today, 1), addDays(today, 42));
  const myDays = upcoming.data?.days.filter((day) => day.primary?.personId === me).map((day) => day.date) ?? [];
  const names = new Map(rotation.members.map((member) => [member.personId, member.name]));
  const [form, setForm] = useState({ date: '', reason: '' });
  const [giveBack, setGiveBack] = useState<Record<string, string>>({});
  const open = requests.data?.filter((request) => request.status === 'open') ?? [];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    ask.mutate({ date: form.date || myDays[0] || '', reason: form.reason }, { onSuccess: () => setForm({ date: '', reason: '' }) });
  };

  return (
    <section className="panel" aria-label="Swap requests">
      <h2>Swaps</h2>
      <FormError error={ask.error ?? take.error ?? cancel.error} />
      {open.length === 0 ? <p className="muted">No open swap requests.</p> : null}
      <ul className="swap-list">
        {open.map((request) => (
          <li key={request.id}>
            <strong>{names.get(request.requesterId) ?? 'Someone'}</strong> asks someone to take {formatDay(request.date)}: “{request.reason}”
            {request.requesterId === me ? (
              <button type="button" className="button button-small" onClick={() => cancel.mutate(request.id)}>
                Cancel
              </button>
            ) : myDays.length > 0 ? (
              <span className="take">
                <label>
                  Give back{' '}
                  <DaySelect days={myDays} value={giveBack[request.id] ?? myDays[0]!} onChange={(date) => setGiveBack({ ...giveBack, [request.id]: date })} />
                </label>{' '}
                <button type="button" className="button button-small" onClick={() => take.mutate({ id: request.id, date: giveBack[request.id] ?? myDays[0]! })}>
                  Take {formatDay(request.date)}
                </button>
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      {myDays.length > 0 ? (
        <form onSubmit={submit} className="swap-ask" aria-label="Ask for a swap">
          <label>
            Ask someone to take{' '}
            <DaySelect days={myDays} value={form.date || myDays[0]!} onChange={(date) => setForm({ ...form, date })} />
          </label>{' '}
          <input aria-label="Why" placeholder="Why?" value={form.reason} onChange={(event) => setForm({ ...form, reason: event.target.value })} />{' '}
          <button type="submit" className="button" disabled={ask.isPending || form.reason.trim() === ''}>
            Ask for a swap
          </button>
        </form>
      ) : null}
    </section>
  );
}
