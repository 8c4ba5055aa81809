import { useMutation } from '@tanstack/react-query';
import { FormError } from '../../../components/form';
import { api } from '../../../lib/api-client';

/** Creates a personal iCal feed and shows its secret URL once, to paste into a calendar app. */
export function CalendarLink() {
  const create = useMutation({ mutationFn: () => api<{ id: string; path: string }>('POST', '/api/calendar-feeds', {}) });
  const url = create.data ? `${window.location.origin}${create.data.path}` : null;
  return (
    <section className="panel" aria-label="Calendar subscription">
      <h2>Your duty days in your calendar</h2>
      <p className="muted">A private link for Google Calendar, Apple Calendar or Outlook. Anyone with the link sees your duty days; it can be revoked.</p>
      <FormError error={create.error} />
      {url ? (
        <p>
          <input className="calendar-url" readOnly value={url} aria-label="Calendar link" onFocus={(event) => event.currentTarget.select()} />
        </p>
      ) : (
        <button type="button" className="button" onClick={() => create.mutate()} disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create my calendar link'}
        </button>
      )}
    </section>
  );
}
