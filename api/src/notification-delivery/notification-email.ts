import type { NotificationKind } from '../notifications/notifications.types.js';

/** How each kind is named in an email's unsubscribe lines. */
export const KIND_EMAIL_NAMES: Record<NotificationKind, string> = {
  new_conversation: 'new conversations while you are on duty',
  customer_reply: 'customer replies',
  assigned: 'conversations assigned to you',
  mention: 'mentions in notes',
  swap_request: 'swap requests',
  swap_answer: 'answers to your swap requests',
  reply_failed: 'replies that could not be sent',
  handoff_note: 'handoff notes addressed to you',
};

export interface EmailItem {
  kind: NotificationKind;
  title: string;
  body: string;
  /** Inside the app, e.g. /inbox/open/12. */
  url: string;
}

export interface NotificationEmail {
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/**
 * One email listing what happened since the last one, each item with its link, and per kind a link that
 * stops emails of that kind. The header's one-click unsubscribe (RFC 8058) stops every kind in this email.
 * Customers' and teammates' words are put in whole.
 */
export function renderNotificationEmail(input: {
  name: string;
  items: EmailItem[];
  baseUrl: string;
  /** The unsubscribe URL for these kinds (one kind: its line in the body; all of them: the header). */
  unsubscribeUrl: (kinds: NotificationKind[]) => string;
}): NotificationEmail {
  const base = input.baseUrl.replace(/\/+$/, '');
  const kinds = [...new Set(input.items.map((item) => item.kind))];
  const subject = input.items.length === 1 ? input.items[0]!.title : `${input.items.length} things happened in Wholegrain`;
  const link = (item: EmailItem) => `${base}${item.url}`;
  const text = [
    `Hello ${input.name},`,
    '',
    input.items.length === 1 ? 'This happened in Wholegrain:' : `These ${input.items.length} things happened in Wholegrain:`,
    '',
    ...input.items.flatMap((item) => [`- ${item.title}`, ...(item.body ? item.body.split('\n').map((line) => `  ${line}`) : []), `  ${link(item)}`, '']),
    '-- ',
    ...kinds.map((kind) => `Stop emails about ${KIND_EMAIL_NAMES[kind]}: ${input.unsubscribeUrl([kind])}`),
    `Change what reaches you: ${base}/profile`,
    '',
  ].join('\n');
  const html = [
    `<!doctype html><html><body style="font-family:system-ui,sans-serif;max-width:640px">`,
    `<p>Hello ${escapeHtml(input.name)},</p>`,
    `<ul style="padding-left:1.2em">`,
    ...input.items.map(
      (item) =>
        `<li style="margin-bottom:1em"><a href="${escapeHtml(link(item))}">${escapeHtml(item.title)}</a>${item.body ? `<div style="white-space:pre-wrap;color:#333">${escapeHtml(item.body)}</div>` : ''}</li>`,
    ),
    `</ul><hr><p style="font-size:small;color:#555">`,
    ...kinds.map((kind) => `<a href="${escapeHtml(input.unsubscribeUrl([kind]))}">Stop emails about ${escapeHtml(KIND_EMAIL_NAMES[kind])}</a><br>`),
    `<a href="${escapeHtml(`${base}/profile`)}">Change what reaches you</a></p></body></html>`,
  ].join('\n');
  return {
    subject,
    text,
    html,
    headers: {
      // Automated mail (RFC 3834; Outlook's header), with one-click unsubscribe (RFC 8058).
      'Auto-Submitted': 'auto-generated',
      'X-Auto-Response-Suppress': 'All',
      'List-Unsubscribe': `<${input.unsubscribeUrl(kinds)}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}

/**
 * A push payload's body: whole words, at most about `limit` characters (push services cap payloads near
 * 4 KB), with " …" when something was left out. A word is never cut: when the first word alone is longer
 * than the limit, the body is empty and the notification shows its title only.
 */
export function pushBody(text: string, limit = 600): string {
  if (text.length <= limit) return text;
  // The last whitespace at or before the limit ends the last whole word that fits (text[limit] may be that whitespace).
  let end = -1;
  for (let index = limit; index > 0; index -= 1) {
    if (/\s/.test(text[index]!)) {
      end = index;
      break;
    }
  }
  const kept = end > 0 ? text.slice(0, end).trimEnd() : '';
  return kept === '' ? '' : `${kept} …`;
}
