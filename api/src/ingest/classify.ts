import type { EmailAddress } from '../mail/parse-email.js';

export type InboundKind = 'email' | 'auto_reply' | 'bounce';

/**
 * RFC 3834 and the headers auto-responders actually send. A bounce is a delivery report
 * (RFC 3464) or mail from a mailer-daemon / with an empty Return-Path. X-Auto-Response-Suppress
 * alone says nothing about this message (Outlook adds it to ordinary mail).
 */
export function classifyInbound(input: { headers: Map<string, string[]>; contentType: string; from: EmailAddress | null }): InboundKind {
  const header = (name: string) => (input.headers.get(name) ?? []).map((value) => value.trim().toLowerCase());
  const sender = input.from?.address.toLowerCase() ?? '';
  const localPart = sender.split('@')[0] ?? '';
  const returnPath = header('return-path');

  const isDeliveryReport = /^multipart\/report\b/.test(input.contentType) && /report-type="?delivery-status/.test(input.contentType);
  const fromDaemon = /^(mailer-daemon|postmaster|mail-daemon)$/.test(localPart);
  const emptyReturnPath = returnPath.length > 0 && returnPath.every((value) => value === '<>' || value === '');
  if (isDeliveryReport || fromDaemon) return 'bounce';

  const autoSubmitted = header('auto-submitted');
  if (autoSubmitted.some((value) => value !== '' && !value.startsWith('no'))) return 'auto_reply';
  if (header('x-autoreply').length > 0 || header('x-autorespond').length > 0) return 'auto_reply';
  if (header('precedence').some((value) => ['bulk', 'junk', 'auto_reply', 'list'].includes(value))) return 'auto_reply';
  if (emptyReturnPath) return 'bounce';
  return 'email';
}
