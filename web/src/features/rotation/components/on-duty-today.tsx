import { useDutyNow } from '../api/rotations';

/** "On duty: Grace" for the app header, one entry per rotation. */
export function OnDutyToday() {
  const duty = useDutyNow();
  if (!duty.data?.length) return null;
  return (
    <span className="on-duty" data-testid="on-duty">
      On duty: {duty.data.map((rotation) => rotation.primary?.name ?? 'nobody').join(', ')}
    </span>
  );
}
