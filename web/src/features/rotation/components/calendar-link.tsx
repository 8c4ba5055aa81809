import { useState } from 'react';
import type { RotationDto } from '../../../../../api/src/duty/duty.types';
import { FormError } from '../../../components/form';
import { formatDay } from './week';
import { useCalendarFeedActions, useCalendarFeeds } from '../api/rotations';

/**
 * Creates a personal iCal feed and shows its secret URL once, to paste into a calendar app; lists the
 * links you made, each revocable (a revoked link stops working at once).
 */
export function CalendarLink({ rotations }: { rotations: RotationDto[] }) {
  const feeds = useCalendarFeeds();
  const { create, revoke } = useCalendarFeedActions();
  const [revoked, setRevoked] = useState<string | null>(null);
  // A link revoked right after it was made is not offered for copying any more.
  const url = create.data?.path && create.data.id !== revoked ? `${window.location.origin}${create.data.path}` : null;
  const active = (feeds.data ?? []).filter((feed) => feed.revokedAt === null);
  const subject = (rotationId: string | null) => (rotationId ? `${rotations.find((rotation) => rotation.id === rotationId)?.name ?? 'A rotation'}: everyone’s duty days` : 'Your duty days');
  return (
    <section className="panel" aria-label="Calendar subscription">
      <h2>Your duty days in your calendar</h2>
      <p className="muted">A private link for Google Calendar, Apple Calendar or Outlook. Anyone with the link sees your duty days; revoke it here if it leaks.</p>
      <FormError error={create.error ?? revoke.error} />
      {url ? (
        <p>
          <input className="calendar-url" readOnly value={url} aria-label="Calendar link" onFocus={(event) => event.currentTarget.select()} />
          <span className="muted small">Shown once: copy it now.</span>
        </p>
      ) : (
        <button type="button" className="button" onClick={() => create.mutate()} disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create my calendar link'}
        </button>
      )}
      {revoked ? (
        <p role="status" className="small">
          Link revoked: calendar apps using it get nothing from now on.
        </p>
      ) : null}
      {active.length > 0 ? (
        <ul className="feed-list" aria-label="Links you made">
          {active.map((feed) => (
            <li key={feed.id}>
              <span>
                {subject(feed.rotationId)}, created {formatDay(feed.createdAt.slice(0, 10))}
                {create.data?.id === feed.id ? ' (the link above)' : ''}
              </span>
              <button
                type="button"
                className="button"
                disabled={revoke.isPending}
                onClick={() => revoke.mutate(feed.id, { onSuccess: () => setRevoked(feed.id) })}
                aria-label={`Revoke ${subject(feed.rotationId).toLowerCase()} link created ${formatDay(feed.createdAt.slice(0, 10))}`}
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
