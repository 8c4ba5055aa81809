import { useEffect, useState } from 'react';
import { useUndoMerge } from '../api/merge-conversations';
import { createOfferStore, useSecondsLeft } from './offer-store';
import { UndoBanner } from './undo-banner';

/** What the undo offer needs to say which merge it takes back. */
export interface MergeUndoOffer {
  mergeId: string;
  survivorNumber: number;
  absorbedNumber: number;
  absorbedSubject: string;
  /** Local time (ms) until which the API accepts the undo. */
  deadline: number;
  offeredAt: number;
}

const MAX_UNDO_MS = 60_000;
const { publish, useOffer } = createOfferStore<MergeUndoOffer>();

/**
 * Offers Undo for a merge just made. The banner lives above the conversation views, so it stays
 * while the inbox opens the surviving conversation. The deadline is counted on this device from the
 * API's `undoUntil`, never longer than the API's minute (the clocks may differ).
 */
export function offerMergeUndo(merge: { mergeId: string; undoUntil: string }, survivorNumber: number, absorbed: { number: number; subject: string }): void {
  const left = Math.min(Math.max(Date.parse(merge.undoUntil) - Date.now(), 0), MAX_UNDO_MS);
  publish({ mergeId: merge.mergeId, survivorNumber, absorbedNumber: absorbed.number, absorbedSubject: absorbed.subject, deadline: Date.now() + (Number.isNaN(left) ? MAX_UNDO_MS : left), offeredAt: Date.now() });
}

/** The banner with Undo and the seconds left; then what happened (undone, too late, or why it failed). */
export function MergeUndoBanner() {
  const current = useOffer();
  const undo = useUndoMerge();
  const [outcome, setOutcome] = useState<{ mergeId: string; text: string; error: boolean } | null>(null);
  const secondsLeft = useSecondsLeft(current);
  const shown = outcome && current && outcome.mergeId === current.mergeId ? outcome : null;
  const expired = current !== null && secondsLeft === 0;

  // A finished banner goes away by itself a little later (an error stays until dismissed).
  useEffect(() => {
    if (!current || (shown?.error ?? false)) return;
    if (!shown && !expired) return;
    const timer = window.setTimeout(() => publish(null), shown ? 8_000 : 6_000);
    return () => window.clearTimeout(timer);
  }, [current, shown, expired]);

  if (!current) return null;
  const absorbed = `#${current.absorbedNumber} “${current.absorbedSubject || '(no subject)'}”`;
  const dismiss = () => {
    setOutcome(null);
    undo.reset();
    publish(null);
  };
  return (
    <UndoBanner
      offeredAt={current.offeredAt}
      testId="merge-undo"
      error={shown?.error ?? false}
      message={shown ? shown.text : expired ? `Merged ${absorbed} into #${current.survivorNumber}. Undo is no longer possible; split messages out instead.` : `Merged ${absorbed} into #${current.survivorNumber}.`}
      action={
        !shown && !expired
          ? {
              label: 'Undo',
              busyLabel: 'Undoing…',
              busy: undo.isPending,
              secondsLeft,
              onClick: () =>
                undo.mutate(current.mergeId, {
                  onSuccess: () => setOutcome({ mergeId: current.mergeId, text: `Merge undone: ${absorbed} is back on its own.`, error: false }),
                  onError: (error) => setOutcome({ mergeId: current.mergeId, text: `Could not undo the merge: ${error.message}`, error: true }),
                }),
            }
          : null
      }
      onDismiss={dismiss}
    />
  );
}
