import type { AddressDto } from '../conversations/message.entity.js';
import { oneLine } from '../mail/reply-headers.js';

/** One message as it goes into a forward: its headers and its full text exactly as stored. */
export interface ForwardedMessage {
  from: AddressDto | null;
  to: AddressDto[];
  cc: AddressDto[];
  /** The Date header, else when it reached us (or when we wrote it). */
  date: Date;
  subject: string;
  text: string;
}

const named = (address: AddressDto) => (address.name ? `${oneLine(address.name)} <${address.address}>` : address.address);

/** "Fwd: " + the subject as written, not doubled when it already says Fwd/Fw. */
export function forwardSubject(subject: string): string {
  const clean = oneLine(subject);
  if (/^(fwd?|fw)\s*:/i.test(clean)) return clean;
  return `Fwd: ${clean || '(no subject)'}`;
}

/**
 * The body of a forward: our note first, then each message under a header block (From, Date,
 * Subject, To, Cc) in the order given, its text verbatim: never trimmed, re-wrapped or cut, so the
 * customer's words reach the recipient as they were written. Returns the text and where the note ends.
 */
export function forwardText(note: string, messages: ForwardedMessage[], conversation: { number: number; subject: string } | null): { text: string; noteEnd: number } {
  const trimmedNote = note.trimEnd();
  const parts: string[] = [];
  if (conversation) parts.push(`---------- Forwarded conversation #${conversation.number} (${messages.length} ${messages.length === 1 ? 'message' : 'messages'}) ----------\nSubject: ${oneLine(conversation.subject) || '(no subject)'}\n`);
  for (const message of messages) {
    const header = [
      '---------- Forwarded message ----------',
      `From: ${message.from ? named(message.from) : 'Unknown sender'}`,
      `Date: ${message.date.toUTCString()}`,
      `Subject: ${oneLine(message.subject) || '(no subject)'}`,
      ...(message.to.length ? [`To: ${message.to.map(named).join(', ')}`] : []),
      ...(message.cc.length ? [`Cc: ${message.cc.map(named).join(', ')}`] : []),
    ].join('\n');
    parts.push(`${header}\n\n${message.text}`);
  }
  const forwarded = parts.join('\n\n');
  const text = trimmedNote ? `${trimmedNote}\n\n${forwarded}` : forwarded;
  return { text, noteEnd: trimmedNote.length };
}
