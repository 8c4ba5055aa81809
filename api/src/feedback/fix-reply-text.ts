import { splitsCharacter } from './quote-span.js';

/** Free-mail domains: a customer there is not a company. */
export const FREE_MAIL_DOMAINS = [
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'hotmail.co.uk', 'live.com', 'msn.com', 'yahoo.com', 'yahoo.co.uk', 'yahoo.fr', 'ymail.com',
  'icloud.com', 'me.com', 'mac.com', 'aol.com', 'proton.me', 'protonmail.com', 'pm.me', 'gmx.de', 'gmx.net', 'gmx.com', 'web.de', 'mail.com', 'mail.ru',
  'yandex.ru', 'yandex.com', 'qq.com', '163.com', '126.com', 'zoho.com', 'fastmail.com', 'hey.com', 'tutanota.com', 'orange.fr', 'free.fr', 'laposte.net',
  't-online.de', 'libero.it', 'seznam.cz', 'naver.com', 'comcast.net', 'verizon.net', 'att.net',
];

/**
 * A company from an email address's domain, or null for free mail and for the `.invalid` addresses
 * mail without a sender is kept under (RFC 2606: such a domain names nobody).
 */
export function companyOf(email: string): string | null {
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  return domain && !FREE_MAIL_DOMAINS.includes(domain) && !domain.endsWith('.invalid') ? domain : null;
}

/**
 * At most `max` characters, cut only at whitespace, with a visible ellipsis when cut. Text without
 * whitespace (CJK, a long URL) is cut between characters, never inside one (emoji, accents).
 */
export function cutAtWord(text: string, max: number): string {
  const trimmed = text.trim();
  if (trimmed.length <= max) return trimmed;
  const space = trimmed.slice(0, max + 1).search(/\s\S*$/);
  let end = space > 0 ? space : max;
  while (end > 0 && splitsCharacter(trimmed, end)) end -= 1;
  return `${trimmed.slice(0, end).trimEnd()} …`;
}

/**
 * The reply drafted when a fix ships: the customer's own words given back verbatim (a pinned quote,
 * else the start of their first message), and the fix named in the team's words ("what we fixed").
 * The issue's URL appears only for a tracker customers may see (`url` null otherwise). A person
 * reviews the draft before it goes; the sender's signature is added when it is sent.
 */
export function fixReplyText(input: { contactName: string | null; quote: string | null; firstWords: string | null; issue: { summary: string | null; url: string | null } }): string {
  const name = input.contactName?.trim().split(/\s+/)[0];
  const words = input.quote ?? (input.firstWords ? cutAtWord(input.firstWords, 500) : null);
  const quoted = words ? `${words.split(/\r?\n/).map((line) => `> ${line}`).join('\n')}\n\n` : '';
  const fix = input.issue.summary?.trim() ? `“${input.issue.summary.trim()}”` : 'The fix';
  return `Hi ${name || 'there'},\n\nYou wrote to us:\n\n${quoted}${fix} has shipped${input.issue.url ? `: ${input.issue.url}` : '.'}\n\nThank you for telling us. It is fixed because you did.`;
}
