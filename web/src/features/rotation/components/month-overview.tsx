import type { RotationDto } from '../../../../../api/src/duty/duty.types';
import { ErrorState, Spinner } from '../../../components/status';
import { useCalendar } from '../api/rotations';
import { addDays, mondayOf } from './week';

/** Five weeks at a glance: who is primary each working day. */
export function MonthOverview({ rotation, monthStart, today, me }: { rotation: RotationDto; monthStart: string; today: string; me: string | undefined }) {
  const from = mondayOf(monthStart);
  const to = addDays(from, 34);
  const calendar = useCalendar(rotation.id, from, to);
  if (calendar.isPending) return <Spinner label="Loading the month…" />;
  if (calendar.isError) return <ErrorState error={calendar.error} onRetry={() => void calendar.refetch()} />;
  const month = monthStart.slice(0, 7);
  return (
    <table className="month" aria-label={`Month of ${new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${monthStart}T00:00:00Z`))}`}>
      <thead>
        <tr>
          {['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map((day) => (
            <th key={day} scope="col">
              {day}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {[0, 1, 2, 3, 4].map((week) => (
          <tr key={week}>
            {calendar.data.days.slice(week * 7, week * 7 + 7).map((day) => (
              <td
                key={day.date}
                className={[day.date.slice(0, 7) === month ? '' : 'other-month', day.date === today ? 'today' : '', day.primary?.personId === me ? 'mine' : ''].join(' ')}
                aria-current={day.date === today ? 'date' : undefined}
              >
                <span className="date">{Number(day.date.slice(8))}</span>
                <span className="who">{day.working ? (day.primary?.name ?? '—') : ''}</span>
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
