import { useSyncExternalStore } from 'react';
import { usePersonTimeZone } from '../../../lib/person-time-zone';
import { formatWhen, formatWhenFull } from '../../../lib/when';

/** Relative times ("5 minutes ago") move on by themselves: every shown time is drawn again twice a minute, on one shared timer. */
const TICK_MS = 30_000;
const ticking = new Set<() => void>();
let timer: number | null = null;

function subscribeToTicks(listener: () => void): () => void {
  ticking.add(listener);
  timer ??= window.setInterval(() => {
    for (const tick of ticking) tick();
  }, TICK_MS);
  return () => {
    ticking.delete(listener);
    if (ticking.size === 0 && timer !== null) {
      window.clearInterval(timer);
      timer = null;
    }
  };
}

const currentTick = () => Math.floor(Date.now() / TICK_MS);

/** A time as the whole app shows it: in the person's locale and time zone, the full time with its zone on hover. */
export function When({ iso, className, testId }: { iso: string; className?: string; testId?: string }) {
  const timeZone = usePersonTimeZone();
  useSyncExternalStore(subscribeToTicks, currentTick);
  return (
    <time className={className} dateTime={iso} title={formatWhenFull(iso, { timeZone })} data-testid={testId}>
      {formatWhen(iso, { timeZone })}
    </time>
  );
}
