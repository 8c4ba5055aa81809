import { useMutation } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ConversationDto, ConversationStatusDto } from '../../../../../api/src/conversations/conversations.types';
import { api } from '../../../lib/api-client';
import { useApplyConversation } from '../api/conversations';
import { createOfferStore, useSecondsLeft } from './offer-store';
import { UndoBanner } from './undo-banner';

/** A conversation just closed: enough to say which, and to open it again as it was. */
export interface CloseUndoOffer {
  conversationId: string;
  number: number;
  subject: string;
  previous: ConversationStatusDto;
  /** Local time (ms) until which Undo is offered. */
  deadline: number;
  offeredAt: number;
}

const UNDO_MS = 10_000;
const { publish, useOffer } = createOfferStore<CloseUndoOffer>();

/** Offers Undo for a close made from the keyboard or the header (the inbox moves on to the next row at once). */
export function offerCloseUndo(conversation: Pick<ConversationDto, 'id' | 'number' | 'subject' | 'status'>): void {
  publish({ conversationId: conversation.id, number: conversation.number, subject: conversation.subject, previous: conversation.status, deadline: Date.now() + UNDO_MS, offeredAt: Date.now() });
}

/** "Closed #12 “Subject”. Undo (10s)": Undo opens it again with the status it had (a snoozed one comes back open). */
export function CloseUndoBanner() {
  const current = useOffer();
  const apply = useApplyConversation();
  const reopen = useMutation({
    mutationFn: (target: CloseUndoOffer) =>
      api<ConversationDto>('PATCH', `/api/conversations/${encodeURIComponent(target.conversationId)}`, { status: target.previous === 'pending' ? 'pending' : 'open' }),
    onSuccess: (conversation) => {
      apply(conversation);
      publish(null);
    },
  });
  const secondsLeft = useSecondsLeft(current);
  useEffect(() => {
    if (current && secondsLeft === 0 && !reopen.isPending) publish(null);
  }, [current, secondsLeft, reopen.isPending]);
  if (!current) return null;
  return (
    <UndoBanner
      offeredAt={current.offeredAt}
      testId="close-undo"
      error={reopen.isError}
      message={reopen.isError ? `Could not open #${current.number} again: ${reopen.error.message}` : `Closed #${current.number} “${current.subject || '(no subject)'}”.`}
      action={{ label: 'Undo', busyLabel: 'Opening…', busy: reopen.isPending, secondsLeft, onClick: () => reopen.mutate(current) }}
      onDismiss={() => publish(null)}
    />
  );
}
