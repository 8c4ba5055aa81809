import { oneLine } from './reply-headers.js';

export type FromNameStyle = 'person' | 'mailbox' | 'both';

/**
 * The display name our replies go out under: the person ("Ana"), the mailbox ("Acme Support") or
 * both ("Ana at Acme Support"). One line (no CR/LF or other control characters, so no header can be
 * injected); quoting and non-ASCII encoding are left to the mailer's address object. Null when
 * nothing is left (the bare address is used).
 */
export function replyFromName(style: FromNameStyle, personName: string, mailboxName: string): string | null {
  const person = oneLine(personName);
  const mailbox = oneLine(mailboxName);
  const name = style === 'person' ? person || mailbox : style === 'mailbox' ? mailbox : person && mailbox ? `${person} at ${mailbox}` : person || mailbox;
  return name || null;
}
