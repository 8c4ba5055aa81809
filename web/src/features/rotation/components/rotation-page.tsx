import { type FormEvent, useState } from 'react';
import type { CalendarDayDto, DutyAssignmentDto, RotationDto } from '../../../../../api/src/duty/duty.types';
import { fieldErrors, FormError, TextField } from '../../../components/form';
import { EmptyState, ErrorState, Spinner } from '../../../components/status';
import { useSession } from '../../auth/api/get-session';
import { useAddDutyChange, useAssignUnrouted, useCalendar, useDutyNow, useFairness, useRotations, useUnrouted } from '../api/rotations';
import { CalendarLink } from './calendar-link';
import { HandoffNotes } from './handoff-notes';
import { CreateRotationForm } from './create-rotation-form';
import { EditRotationForm } from './edit-rotation-form';
import { MonthOverview } from './month-overview';
import { OverrideForm } from './override-form';
import { SwapRequests } from './swap-requests';
import { addDays, formatDay, mondayOf, todayIn } from './week';
import { formatZonedTime, zoneCity } from '../../../lib/zoned-clock';

const PROVENANCE: Record<DutyAssignmentDto['provenance'], string> = { rotation: '', override: 'override', swap: 'swap', absence: 'covering' };

export function RotationPage() {
  const rotations = useRotations();
  const session = useSession();
  const isAdmin = session.data?.person.access === 'admin';
  if (rotations.isPending) return <Spinner label="Loading the rotation…" />;
  if (rotations.isError) return <ErrorState error={rotations.error} onRetry={() => void rotations.refetch()} />;
  const [rotation] = rotations.data;
  if (!rotation) {
    return (
      <section className="page">
        <h1>Rotation</h1>
        {isAdmin ? (
          <CreateRotationForm />
        ) : (
          <EmptyState title="No rotation yet">
            <p>An admin sets up the Everyone on Support rotation here.</p>
          </EmptyState>
        )}
      </section>
    );
  }
  return <RotationCalendar rotation={rotation} rotations={rotations.data} />;
}

/** Conversations that began before the rotation answered their mailbox are offered to an admin, never assigned silently. */
function UnroutedOffer({ rotation }: { rotation: RotationDto }) {
  const unrouted = useUnrouted(rotation.id, true);
  const assign = useAssignUnrouted(rotation.id);
  const [dismissed, setDismissed] = useState(false);
  if (assign.isSuccess) {
    return (
      <p className="banner" role="status">
        {assign.data.assigned} conversation{assign.data.assigned === 1 ? '' : 's'} assigned to {assign.data.to.name}.
      </p>
    );
  }
  if (dismissed || !unrouted.data || unrouted.data.count === 0 || !unrouted.data.onDuty) return null;
  const { count, onDuty } = unrouted.data;
  return (
    <div className="banner" role="region" aria-label="Open unassigned conversations" data-testid="unrouted-offer">
      <p>
        Assign the {count} open unassigned conversation{count === 1 ? '' : 's'} to {onDuty.name}, on duty now?{' '}
        <span className="muted small">They arrived before this rotation answered their mailbox, so no handoff gives them to anyone.</span>
      </p>
      <div className="actions">
        <button type="button" className="button button-primary" disabled={assign.isPending} onClick={() => assign.mutate()}>
          Assign {count} to {onDuty.name}
        </button>
        <button type="button" className="button button-quiet" onClick={() => setDismissed(true)}>
          Not now
        </button>
      </div>
      {assign.isError ? <p className="field-error">{assign.error.message}</p> : null}
    </div>
  );
}

function RotationCalendar({ rotation, rotations }: { rotation: RotationDto; rotations: RotationDto[] }) {
  const session = useSession();
  const me = session.data?.person.id;
  const yourZone = session.data?.person.timeZone;
  const [editing, setEditing] = useState(false);
  const today = todayIn(rotation.timeZone);
  // The duty day running now: before the handoff time it is yesterday's, as the header says.
  const dutyNow = useDutyNow().data?.find((entry) => entry.rotationId === rotation.id);
  const current = dutyNow?.date ?? today;
  const [monday, setMonday] = useState(() => mondayOf(today));
  const [view, setView] = useState<'week' | 'month'>('week');
  const monthStart = `${addDays(monday, 3).slice(0, 7)}-01`;
  const sunday = addDays(monday, 6);
  const calendar = useCalendar(rotation.id, monday, sunday);
  const windowStart = addDays(today, -55);
  const fairness = useFairness(rotation.id, windowStart, today);

  const assignment = (role: string, value: DutyAssignmentDto | null) =>
    value ? (
      <li className={value.personId === me ? 'mine' : undefined}>
        <span className="role">{role}</span> {value.name}
        {PROVENANCE[value.provenance] ? <span className="provenance"> ({PROVENANCE[value.provenance]})</span> : null}
      </li>
    ) : null;

  return (
    <section className="page">
      <header className="page-header">
        <div>
          <h1>{rotation.name}</h1>
          <p className="muted" data-testid="handoff-time" title={`The rotation's time zone: ${rotation.timeZone}`}>
            Handoff at {dutyNow ? formatZonedTime(dutyNow.until, { zone: rotation.timeZone, yourZone }) : `${rotation.handoffTime} ${zoneCity(rotation.timeZone)}`};{' '}
            {rotation.daysPerTurn === 1 ? 'one day' : `${rotation.daysPerTurn} days`} per turn.
          </p>
        </div>
        <div className="actions" role="group" aria-label="Week">
          {session.data?.person.access === 'admin' ? (
            <button type="button" className="button" aria-expanded={editing} onClick={() => setEditing(!editing)}>
              Edit rotation
            </button>
          ) : null}
          <button type="button" className="button" onClick={() => setView(view === 'week' ? 'month' : 'week')}>
            {view === 'week' ? 'Month overview' : 'Week view'}
          </button>
          <button type="button" className="button" onClick={() => setMonday(view === 'week' ? addDays(monday, -7) : mondayOf(addDays(monthStart, -20)))}>
            ← Previous {view}
          </button>
          <button type="button" className="button" onClick={() => setMonday(mondayOf(today))}>
            Today
          </button>
          <button type="button" className="button" onClick={() => setMonday(view === 'week' ? addDays(monday, 7) : mondayOf(addDays(monthStart, 40)))}>
            Next {view} →
          </button>
        </div>
      </header>
      {session.data?.person.access === 'admin' ? <UnroutedOffer rotation={rotation} /> : null}
      {editing && session.data?.person.access === 'admin' ? <EditRotationForm key={rotation.id} rotation={rotation} onClose={() => setEditing(false)} /> : null}
      <HandoffNotes rotationId={rotation.id} members={rotation.members} me={me} />
      {view === 'month' ? (
        <MonthOverview rotation={rotation} monthStart={monthStart} today={today} me={me} />
      ) : calendar.isPending ? (
        <Spinner label="Loading the week…" />
      ) : calendar.isError ? (
        <ErrorState error={calendar.error} onRetry={() => void calendar.refetch()} />
      ) : (
        <ol className="week" aria-label={`Week of ${formatDay(monday)}`}>
          {calendar.data.days.map((day: CalendarDayDto) => (
            <li key={day.date} className={['day', day.date === today ? 'today' : '', day.working ? '' : 'off', day.primary?.personId === me ? 'mine' : ''].join(' ')} aria-current={day.date === today ? 'date' : undefined}>
              <h3>
                {formatDay(day.date)}
                {day.date === today ? <span className="badge">Today</span> : null}
                {/* Before the handoff time, yesterday's duty still runs: the header and this badge agree. */}
                {day.date === current && current !== today && day.working ? (
                  <span className="badge" data-testid="on-duty-now-day">
                    On duty now
                  </span>
                ) : null}
              </h3>
              {day.working ? (
                <ul className="assignments">
                  {assignment('On duty', day.primary)}
                  {assignment('Buddy', day.buddy)}
                  {assignment('Shadow', day.shadow)}
                  {!day.primary ? <li className="muted">Nobody on duty</li> : null}
                </ul>
              ) : (
                <p className="muted">Not a working day</p>
              )}
            </li>
          ))}
        </ol>
      )}
      {me ? <SwapRequests rotation={rotation} me={me} today={today} /> : null}
      {/* Absences move one's own turns: only members have turns; an admin outside the rotation is told so. */}
      {me && rotation.members.some((member) => member.personId === me) ? (
        <AbsenceForm rotationId={rotation.id} personId={me} />
      ) : me && session.data?.person.access === 'admin' ? (
        <p className="muted" data-testid="not-a-member">
          You are not in this rotation, so you have no turns to mark an absence for. To cover for someone, add an override below.
        </p>
      ) : null}
      {session.data?.person.access === 'admin' ? <OverrideForm rotation={rotation} /> : null}
      <CalendarLink rotations={rotations} />
      <h2>Fairness, last 8 weeks</h2>
      {fairness.isPending ? (
        <Spinner />
      ) : fairness.isError ? (
        <ErrorState error={fairness.error} />
      ) : (
        <table className="table" aria-label="Fairness">
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Days on duty</th>
              <th scope="col">Target</th>
              <th scope="col">Against target</th>
            </tr>
          </thead>
          <tbody>
            {fairness.data.rows.map((row) => (
              <tr key={row.personId}>
                <td>{row.name}</td>
                <td>{row.served}</td>
                <td>{row.target}</td>
                <td>{row.label}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function AbsenceForm({ rotationId, personId }: { rotationId: string; personId: string }) {
  const add = useAddDutyChange(rotationId);
  const [form, setForm] = useState({ from: '', to: '', reason: '' });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate({ kind: 'absence', personId, from: form.from, to: form.to || form.from, reason: form.reason }, { onSuccess: () => setForm({ from: '', to: '', reason: '' }) });
  };
  return (
    <form className="panel" onSubmit={submit} aria-label="Mark an absence">
      <h2>Mark an absence</h2>
      <p className="muted">Your turns while you are away go to the next person, and come back to you when you return.</p>
      <FormError error={add.error} />
      {add.isSuccess ? <p role="status">Absence recorded.</p> : null}
      <div className="form-grid">
        <TextField label="From" name="from" type="date" required value={form.from} onChange={(event) => setForm({ ...form, from: event.target.value })} errors={fieldErrors(add.error, 'from')} />
        <TextField label="To" name="to" type="date" value={form.to} onChange={(event) => setForm({ ...form, to: event.target.value })} errors={fieldErrors(add.error, 'to')} />
        <TextField label="Reason" name="reason" required value={form.reason} onChange={(event) => setForm({ ...form, reason: event.target.value })} errors={fieldErrors(add.error, 'reason')} />
      </div>
      <button type="submit" className="button button-primary" disabled={add.isPending}>
        {add.isPending ? 'Saving…' : 'Mark absence'}
      </button>
    </form>
  );
}
