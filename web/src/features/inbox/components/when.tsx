import { useSession } from '../../auth/api/get-session';
import { formatWhen, formatWhenFull } from '../../../lib/when';

/** A time as the whole app shows it: in the person's locale and time zone, the full time with its zone on hover. */
export function When({ iso, className, testId }: { iso: string; className?: string; testId?: string }) {
  const session = useSession();
  const timeZone = session.data?.person?.timeZone;
  return (
    <time className={className} dateTime={iso} title={formatWhenFull(iso, { timeZone })} data-testid={testId}>
      {formatWhen(iso, { timeZone })}
    </time>
  );
}
