import type { EmailAddress } from '../mail/parse-email.js';

export type InboundKind = 'email' | 'auto_reply' | 'bounce' | 'bulk';

/**
 * RFC 3834 and the headers auto-responders actually send. A bounce is a delivery report
 * (RFC 3464) or mail from a mailer-daemon / with an empty Return-Path. X-Auto-Response-Suppress
 * alone says nothing about this message (Outlook adds it to ordinary mail).
 *
 * Bulk is list mail and newsletters (Precedence: bulk or list, List-Id, List-Unsubscribe): mail
 * sent to many, not an answer to us. A person answering one of our messages through a list
 * (our thread token in In-Reply-To/References) is a person's email, whatever the list adds.
 */
export function classifyInbound(input: { headers: Map<string, string[]>; contentType: string; from: EmailAddress | null; answersUs?: boolean }): InboundKind {
  const header = (name: string) => (input.headers.get(name) ?? []).map((value) => value.trim().toLowerCase());
  const sender = input.from?.address.toLowerCase() ?? '';
  const localPart = sender.split('@')[0] ?? '';
  const returnPath = header('return-path');

  const isDeliveryReport = /^multipart\/report\b/.test(input.contentType) && /report-type="?delivery-status/.test(input.contentType);
  const fromDaemon = /^(mailer-daemon|postmaster|mail-daemon)$/.test(localPart);
  const emptyReturnPath = returnPath.length > 0 && returnPath.every((value) => value === '<>' || value === '');
  if (isDeliveryReport || fromDaemon) return 'bounce';

  const autoSubmitted = header('auto-submitted').filter((value) => value !== '' && !value.startsWith('no'));
  const precedence = header('precedence');
  // RFC 3834 replies: an answer written by a machine on someone's behalf.
  if (autoSubmitted.some((value) => value.startsWith('auto-replied'))) return 'auto_reply';
  if (header('x-autoreply').length > 0 || header('x-autorespond').length > 0) return 'auto_reply';
  if (precedence.includes('auto_reply')) return 'auto_reply';

  const isList =
    precedence.some((value) => value === 'bulk' || value === 'list') ||
    header('list-id').some((value) => value !== '') ||
    header('list-unsubscribe').some((value) => value !== '');
  if (isList && !input.answersUs) return 'bulk';

  // Auto-Submitted: auto-generated (and Precedence: junk, what vacation(1) sends) without list headers.
  if (autoSubmitted.length > 0) return 'auto_reply';
  if (precedence.includes('junk')) return 'auto_reply';
  if (emptyReturnPath) return 'bounce';
  return 'email';
}
