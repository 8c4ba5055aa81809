import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DutyDayReportDto, DutyFiguresDto, DutyReportDto, PersonReportDto } from '../../../../../api/src/reports/reports.types';
import { ApiError } from '../../../lib/api-client';
import { EmptyState, ErrorState, Spinner } from '../../../components/status';
import { dutyReportCsvUrl, type ReportPeriod, useDutyReport } from '../api/get-duty-report';
import { formatDuration } from './format-duration';

/** Colours from the stylesheet, so the charts follow the light and dark themes. */
function chartColours() {
  const style = getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return { accent: read('--accent', '#8a5a13'), text: read('--text', '#1d1b16'), muted: read('--muted', '#6b665c'), border: read('--border', '#dedad0'), focus: read('--focus', '#2b6cb0') };
}

const shortDay = (date: string) => new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
const hours = (seconds: number | null) => (seconds === null ? null : Math.round((seconds / 3600) * 10) / 10);
const shiftDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export function ReportsPage() {
  const [params, setParams] = useSearchParams();
  const period: ReportPeriod = { from: params.get('from') ?? undefined, to: params.get('to') ?? undefined };
  const report = useDutyReport(period);

  if (report.isError && report.error instanceof ApiError && report.error.status === 404) {
    return (
      <section className="page">
        <h1>Duty reports</h1>
        <EmptyState title="No rotation yet">
          <p>{report.error.message}</p>
        </EmptyState>
      </section>
    );
  }
  return (
    <section className="page reports">
      <div className="page-header">
        <div>
          <h1>Duty reports</h1>
          {report.data ? (
            <p className="muted">
              {report.data.rotation.name}: duty days from {shortDay(report.data.from)} to {shortDay(report.data.to)}, each from {report.data.rotation.handoffTime} ({report.data.rotation.timeZone}) to the next day’s handoff.
            </p>
          ) : null}
        </div>
      </div>
      {/* Shown with the period it reports, so what is typed is never replaced by an answer arriving late. */}
      {report.data ? <PeriodForm key={`${report.data.from}-${report.data.to}`} report={report.data} onChange={(next) => setParams(next)} /> : null}
      {report.isPending ? (
        <Spinner label="Counting the duty days…" />
      ) : report.isError ? (
        <>
          <ErrorState error={report.error} onRetry={() => void report.refetch()} />
          <p>
            <Link to="/reports">Show the last four weeks</Link>
          </p>
        </>
      ) : (
        <Report report={report.data} period={{ from: report.data.from, to: report.data.to }} />
      )}
    </section>
  );
}

function PeriodForm({ report, onChange }: { report: DutyReportDto; onChange: (period: { from: string; to: string }) => void }) {
  const [form, setForm] = useState({ from: report.from, to: report.to });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (form.from && form.to) onChange(form);
  };
  const length = (Date.parse(`${report.to}T00:00:00Z`) - Date.parse(`${report.from}T00:00:00Z`)) / 86_400_000 + 1;
  return (
    <form className="panel report-period" onSubmit={submit} aria-label="Period">
      <label>
        From <input type="date" value={form.from} required onChange={(event) => setForm({ ...form, from: event.target.value })} />
      </label>
      <label>
        To <input type="date" value={form.to} required onChange={(event) => setForm({ ...form, to: event.target.value })} />
      </label>
      <button type="submit" className="button">
        Show
      </button>
      <span className="report-steps">
        <button type="button" className="button button-quiet" onClick={() => onChange({ from: shiftDays(report.from, -length), to: shiftDays(report.to, -length) })}>
          ← Earlier
        </button>
        <button type="button" className="button button-quiet" onClick={() => onChange({ from: shiftDays(report.from, length), to: shiftDays(report.to, length) })}>
          Later →
        </button>
      </span>
    </form>
  );
}

function Report({ report, period }: { report: DutyReportDto; period: { from: string; to: string } }) {
  const colours = chartColours();
  // Legend words in the text colour: the pale "fair share" fill would make its label unreadable.
  const legendText = (value: string) => <span style={{ color: colours.text }}>{value}</span>;
  // The legend in the order the series are drawn (the chart library sorts it by name unless told).
  const inOrder = (...dataKeys: string[]) => (item: { dataKey?: unknown }) => dataKeys.indexOf(String(item.dataKey));
  const dutyDays = report.days.filter((day) => day.working || day.received + day.answered + day.closed > 0);
  const daily = dutyDays.map((day) => ({
    label: shortDay(day.date),
    person: day.beforeRotation ? 'no rotation' : (day.person?.name ?? 'nobody'),
    received: day.received,
    answered: day.answered,
    closed: day.closed,
    waiting: day.waitingAtHandoff,
  }));
  const people = report.people.map((row) => ({
    name: row.person.name,
    p50: hours(row.firstResponseP50),
    p90: hours(row.firstResponseP90),
    served: row.fairness?.served ?? 0,
    target: row.fairness?.target ?? 0,
  }));
  const nothing = report.days.every((day) => day.received + day.answered + day.closed + day.quotesPinned === 0);

  return (
    <>
      <p className="report-downloads">
        <a className="button button-small" href={dutyReportCsvUrl(period, 'days')} download data-testid="csv-days">
          Download days (CSV)
        </a>{' '}
        <a className="button button-small" href={dutyReportCsvUrl(period, 'weeks')} download data-testid="csv-weeks">
          Download weeks and people (CSV)
        </a>
      </p>
      {nothing ? (
        <EmptyState title="No customer mail in this period">
          <p>Received, answered and closed conversations appear here once the rotation’s mailboxes have mail in these days.</p>
        </EmptyState>
      ) : null}

      <h2>Each duty day</h2>
      <figure className="chart" data-testid="chart-days" aria-label="Conversations per duty day">
        <ResponsiveContainer width="100%" height={280}>
          <ComposedChart data={daily} margin={{ top: 8, right: 8, bottom: 8, left: -16 }}>
            <CartesianGrid stroke={colours.border} vertical={false} />
            <XAxis dataKey="label" tick={{ fill: colours.muted, fontSize: 12 }} interval="preserveStartEnd" minTickGap={16} />
            <YAxis allowDecimals={false} tick={{ fill: colours.muted, fontSize: 12 }} />
            <Tooltip labelFormatter={(label, payload) => `${String(label)} · ${payload?.[0]?.payload?.person ?? ''}`} />
            <Legend formatter={legendText} itemSorter={inOrder('received', 'answered', 'closed', 'waiting')} />
            <Bar dataKey="received" name="Received" fill={colours.accent} isAnimationActive={false} />
            <Bar dataKey="answered" name="Answered" fill={colours.focus} isAnimationActive={false} />
            <Bar dataKey="closed" name="Closed" fill={colours.muted} isAnimationActive={false} />
            <Line dataKey="waiting" name="Waiting at handoff" stroke={colours.text} strokeWidth={2} dot={{ r: 3 }} connectNulls isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </figure>

      <div className="chart-pair">
        <figure className="chart" data-testid="chart-response" aria-label="First response per person">
          <figcaption>First response (hours of duty time)</figcaption>
          <ResponsiveContainer width="100%" height={220}>
            <BarChart data={people} margin={{ top: 8, right: 8, bottom: 8, left: -16 }}>
              <CartesianGrid stroke={colours.border} vertical={false} />
              <XAxis dataKey="name" tick={{ fill: colours.muted, fontSize: 12 }} />
              <YAxis tick={{ fill: colours.muted, fontSize: 12 }} />
              <Tooltip formatter={(value) => `${String(value)} h`} />
              <Legend formatter={legendText} itemSorter={inOrder('p50', 'p90')} />
              <Bar dataKey="p50" name="Median (p50)" fill={colours.accent} isAnimationActive={false} />
              <Bar dataKey="p90" name="p90" fill={colours.muted} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </figure>
        <figure className="chart" data-testid="chart-fairness" aria-label="Duty days against target per person">
          <figcaption>Duty days against their fair share</figcaption>
          <ResponsiveContainer width="100%" height={220}>
            <BarChart data={people} margin={{ top: 8, right: 8, bottom: 8, left: -16 }}>
              <CartesianGrid stroke={colours.border} vertical={false} />
              <XAxis dataKey="name" tick={{ fill: colours.muted, fontSize: 12 }} />
              <YAxis allowDecimals={false} tick={{ fill: colours.muted, fontSize: 12 }} />
              <Tooltip />
              <Legend formatter={legendText} itemSorter={inOrder('served', 'target')} />
              <Bar dataKey="served" name="Days on duty" fill={colours.accent} isAnimationActive={false} />
              <Bar dataKey="target" name="Fair share" fill={colours.border} stroke={colours.muted} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </figure>
      </div>

      <h2>Per person</h2>
      <PeopleTable rows={report.people} label="Per person over the period" />

      <h2>Per week</h2>
      {report.weeks.map((week) => (
        <details key={week.week} className="report-week" open={report.weeks.length <= 5}>
          <summary>Week of {shortDay(week.week)}</summary>
          <PeopleTable rows={week.people} label={`Week of ${week.week}`} />
        </details>
      ))}

      <h2>Day by day</h2>
      <DaysTable days={report.days} />

      <p className="muted small">
        Received: conversations a customer started that day. First response: from their first mail to our first reply, counted in duty time (working days only; weekends and holidays do not count), for the conversations received. Waiting at handoff: customers whose latest mail had no answer when the next person took over. Spam and bulk mail are left out. No rotation: days before the rotation began (or was created), when nobody was on duty.
      </p>
    </>
  );
}

function Figures({ row }: { row: DutyFiguresDto }) {
  return (
    <>
      <td>{row.received}</td>
      <td>{row.answered}</td>
      <td>{row.closed}</td>
      <td>{formatDuration(row.firstResponseP50)}</td>
      <td>{formatDuration(row.firstResponseP90)}</td>
      <td>{row.waitingAtHandoff ?? '—'}</td>
      <td>{row.quotesPinned}</td>
    </>
  );
}

const FIGURE_HEADERS = ['Received', 'Answered', 'Closed', 'First response p50', 'p90', 'Waiting at handoff', 'Quotes pinned'];

function PeopleTable({ rows, label }: { rows: PersonReportDto[]; label: string }) {
  return (
    <div className="table-scroll">
      <table className="table report-table" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">Person</th>
            <th scope="col">Duty days</th>
            {FIGURE_HEADERS.map((header) => (
              <th scope="col" key={header}>
                {header}
              </th>
            ))}
            <th scope="col">Fairness</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.person.id}>
              <th scope="row">{row.person.name}</th>
              <td>{row.days}</td>
              <Figures row={row} />
              <td>{row.fairness ? `${row.fairness.served} of ${row.fairness.target} (${row.fairness.label})` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DaysTable({ days }: { days: DutyDayReportDto[] }) {
  return (
    <div className="table-scroll">
      <table className="table report-table" aria-label="Duty days">
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">On duty</th>
            {FIGURE_HEADERS.map((header) => (
              <th scope="col" key={header}>
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {days.map((day) => (
            <tr key={day.date} className={day.working ? undefined : 'inactive'} data-testid="report-day">
              <th scope="row">{shortDay(day.date)}</th>
              <td>{day.beforeRotation ? 'no rotation' : (day.person?.name ?? (day.working ? 'nobody' : 'not a working day'))}</td>
              <Figures row={day} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
