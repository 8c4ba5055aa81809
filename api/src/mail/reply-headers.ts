import { ourMessageId } from './message-key.js';
import { replySubject } from './subject.js';

/** What a reply needs to thread in the customer's mail client (DESIGN.md §5). */
export interface ReplyThreading {
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  subject: string;
}

/** The longest References header we send: the root and the newest ids (RFC 5322 allows trimming the middle). */
const MAX_REFERENCES = 20;

/** One Message-ID in angle brackets, or null when it is not a plausible id (whitespace, CR/LF, no @). */
export function cleanMessageId(value: string | null | undefined): string | null {
  if (!value) return null;
  const bare = value.trim().replace(/^<|>$/g, '');
  if (!bare || /[\s<>]/.test(bare) || !bare.includes('@') || bare.length > 500) return null;
  return `<${bare}>`;
}

/** A header value on one line: CR, LF and other control characters become spaces. */
export function oneLine(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
}

/** The domain of an address, for our Message-IDs; falls back to a reserved name. */
export function domainOf(address: string): string {
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  return /^[a-z0-9.-]+$/.test(domain) && domain.includes('.') ? domain : 'wholegrain.invalid';
}

export function replyThreading(input: {
  threadToken: string;
  unique: string;
  mailboxAddress: string;
  conversationSubject: string;
  /** The root of the thread: the conversation's first message. */
  rootMessageId: string | null;
  /** The message we answer: the customer's latest. */
  answered: { messageId: string | null; references: string[] } | null;
}): ReplyThreading {
  const answeredId = cleanMessageId(input.answered?.messageId);
  const chain = [...(input.answered?.references ?? []), ...(answeredId ? [answeredId] : [])].map(cleanMessageId).filter((id): id is string => id !== null);
  const root = cleanMessageId(input.rootMessageId);
  if (root && !chain.includes(root)) chain.unshift(root);
  const unique = [...new Set(chain)];
  const references = unique.length > MAX_REFERENCES ? [unique[0] as string, ...unique.slice(-(MAX_REFERENCES - 1))] : unique;
  return {
    messageId: ourMessageId(input.threadToken, input.unique, domainOf(input.mailboxAddress)),
    inReplyTo: answeredId,
    references,
    subject: replySubject(oneLine(input.conversationSubject)),
  };
}
