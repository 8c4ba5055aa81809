import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { UndoneConversationDto } from '../../../../../api/src/replies/outbound.contract';
import { useUndoStart } from '../api/outbound';
import { createOfferStore, useSecondsLeft } from './offer-store';
import { UndoBanner } from './undo-banner';

/** A new conversation waiting out the person's undo time (the server holds it; this only shows it). */
export interface StartUndoOffer {
  conversationId: string;
  subject: string;
  to: string;
  /** Local time (ms) when it goes to the outbox, counted from the server's `sendsInMs`. */
  deadline: number;
  /** Local time (ms) it was offered (the clock below may not have ticked since). */
  offeredAt: number;
}

const { publish, useOffer } = createOfferStore<StartUndoOffer>();

/** Shows the countdown with Undo for a new conversation just sent from the dialog. */
export function offerStartUndo(result: { conversationId: string; sendsInMs?: number | undefined }, subject: string, to: string): void {
  const now = Date.now();
  publish({ conversationId: result.conversationId, subject, to, deadline: now + (result.sendsInMs ?? 0), offeredAt: now });
}

/**
 * "Sending “Subject” to dana@…. Undo 9s": the same hold as a reply's. Undo takes it back (nothing
 * is sent) and opens the dialog again with everything it had; afterwards it offers to open the new
 * conversation.
 */
export function StartUndoBanner({ onUndone, onOpen }: { onUndone: (draft: UndoneConversationDto['draft']) => void; onOpen: (conversationId: string) => void }) {
  const current = useOffer();
  const undo = useUndoStart();
  const queryClient = useQueryClient();
  const secondsLeft = useSecondsLeft(current);
  const sent = current !== null && secondsLeft === 0 && !undo.isPending && !undo.isError;
  const offerId = current?.conversationId;
  // A new offer starts clean (no error left from an earlier one).
  useEffect(() => undo.reset(), [offerId]); // eslint-disable-line react-hooks/exhaustive-deps

  // Once sent it shows up in the lists (the live event does it too); the banner goes a little later.
  useEffect(() => {
    if (!sent) return;
    void queryClient.invalidateQueries({ queryKey: ['conversations', 'list'] });
    const refresh = window.setTimeout(() => void queryClient.invalidateQueries({ queryKey: ['conversations', 'list'] }), 3_000);
    const timer = window.setTimeout(() => publish(null), 10_000);
    return () => {
      window.clearTimeout(refresh);
      window.clearTimeout(timer);
    };
  }, [sent, queryClient]);

  if (!current) return null;
  const what = `“${current.subject}” to ${current.to}`;
  const dismiss = () => {
    undo.reset();
    publish(null);
  };
  return (
    <UndoBanner
      offeredAt={current.offeredAt}
      testId="new-conversation-undo"
      messageTestId="undo-countdown"
      error={undo.isError}
      message={undo.isError ? `Could not undo: ${undo.error.message}` : sent ? `Sent to the outbox: ${what} (#${current.conversationId}).` : `Sending ${what}.`}
      action={
        sent
          ? {
              label: 'Open',
              onClick: () => {
                publish(null);
                onOpen(current.conversationId);
              },
            }
          : undo.isError
            ? null
            : {
                label: 'Undo',
                busyLabel: 'Undoing…',
                busy: undo.isPending,
                secondsLeft,
                onClick: () =>
                  undo.mutate(current.conversationId, {
                    onSuccess: (result) => {
                      publish(null);
                      onUndone(result.draft);
                    },
                  }),
              }
      }
      // Hiding the offer does not stop the send (it only gives up the Undo).
      onDismiss={dismiss}
    />
  );
}
