import type { ReactNode } from 'react';
import './undo-banner.css';

/** The button of an offer: Undo (with the seconds left when it counts down), or what comes after it ("Open"). */
export interface UndoBannerAction {
  label: string;
  /** Shown while the action runs ("Undoing…"); the button is disabled meanwhile. */
  busyLabel?: string;
  busy?: boolean;
  /** Seconds left to press it: "Undo 8s" (read out as "8 seconds left"). */
  secondsLeft?: number;
  onClick: () => void;
}

/**
 * One look for every Undo offer in the inbox's corner stack (close, merge, new conversation): the
 * message, one button ("Undo 8s", named "Undo, 8 seconds left"), and a ✕ to dismiss. An error turns it red and
 * makes it an alert.
 */
export function UndoBanner({
  testId,
  message,
  messageTestId,
  action,
  onDismiss,
  error = false,
  offeredAt,
}: {
  testId: string;
  /** When the offer was made (ms): `z` undoes the newest offer. */
  offeredAt?: number;
  message: ReactNode;
  messageTestId?: string;
  action?: UndoBannerAction | null;
  onDismiss?: () => void;
  error?: boolean;
}) {
  const counting = action?.secondsLeft !== undefined && !action.busy;
  return (
    <div className={`undo-banner${error ? ' undo-banner-error' : ''}`} role={error ? 'alert' : 'status'} aria-live={error ? 'assertive' : 'polite'} data-testid={testId} data-offered-at={offeredAt}>
      <span className="undo-banner-text" data-testid={messageTestId}>
        {message}
      </span>
      {action ? (
        <button
          type="button"
          className="button button-small undo-banner-action"
          disabled={action.busy}
          onClick={action.onClick}
          // The seconds are in the name, not in the live text: a screen reader is not read every tick.
          aria-label={counting ? `${action.label}, ${action.secondsLeft} seconds left` : undefined}
        >
          {action.busy ? (action.busyLabel ?? action.label) : action.label}
          {counting ? (
            <>
              {' '}
              <span className="undo-banner-seconds" aria-hidden="true">
                {action.secondsLeft}s
              </span>
            </>
          ) : null}
        </button>
      ) : null}
      {onDismiss ? (
        <button type="button" className="button button-small button-quiet undo-banner-dismiss" aria-label="Dismiss" onClick={onDismiss}>
          ✕
        </button>
      ) : null}
    </div>
  );
}
