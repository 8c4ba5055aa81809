import type { ParsedEmail } from '../mail/parse-email.js';

/** U+2400 SYMBOL FOR NULL: how a NUL the sender's mail carried is shown. */
export const NUL_SYMBOL = '\u2400';

export const NUL_ISSUE = 'The message contains NUL characters (U+0000), which are shown as ␀; the raw message keeps the original bytes.';

/**
 * PostgreSQL text cannot hold U+0000, and mail sometimes carries it. The decoded fields show each
 * NUL as ␀ (one UTF-16 unit for another, so every offset stays true); the raw message, stored as
 * bytes, keeps the original. Returns the email unchanged when it has no NUL.
 */
export function showNulCharacters(parsed: ParsedEmail): ParsedEmail {
  let found = false;
  const clean = (value: string): string => {
    if (!value.includes('\u0000')) return value;
    found = true;
    return value.replaceAll('\u0000', NUL_SYMBOL);
  };
  const cleanOptional = (value: string | null): string | null => (value === null ? null : clean(value));
  const address = (entry: { address: string; name: string | null }) => ({ address: clean(entry.address), name: cleanOptional(entry.name) });
  const result: ParsedEmail = {
    ...parsed,
    messageId: cleanOptional(parsed.messageId),
    inReplyTo: parsed.inReplyTo.map(clean),
    references: parsed.references.map(clean),
    from: parsed.from ? address(parsed.from) : null,
    replyTo: parsed.replyTo.map(address),
    to: parsed.to.map(address),
    cc: parsed.cc.map(address),
    subject: clean(parsed.subject),
    text: clean(parsed.text),
    html: cleanOptional(parsed.html),
    attachments: parsed.attachments.map((attachment) => ({
      ...attachment,
      filename: cleanOptional(attachment.filename),
      contentType: clean(attachment.contentType),
      contentId: cleanOptional(attachment.contentId),
    })),
    headers: new Map([...parsed.headers].map(([name, values]) => [clean(name), values.map(clean)])),
    contentType: clean(parsed.contentType),
    reportedMessageIds: parsed.reportedMessageIds.map(clean),
  };
  if (!found) return parsed;
  return { ...result, decodingIssues: [...parsed.decodingIssues, NUL_ISSUE] };
}

/** The contact of mail that names no sender: kept, visible, and answerable by forwarding. */
export const UNKNOWN_SENDER = { address: 'unknown-sender@sender.invalid', name: 'Unknown sender' } as const;

/**
 * An admin forced in a message whose MIME does not parse: its bytes become the text, exactly as
 * received (decoded as UTF-8), so the words are readable; nothing is guessed.
 */
export function unparsedEmail(raw: Buffer, reason: string): ParsedEmail {
  return {
    messageId: null,
    inReplyTo: [],
    references: [],
    from: null,
    replyTo: [],
    to: [],
    cc: [],
    subject: '',
    date: null,
    text: raw.toString('utf8'),
    html: null,
    attachments: [],
    headers: new Map(),
    contentType: 'text/plain',
    reportedMessageIds: [],
    decodingIssues: [`The message could not be parsed as MIME (${reason}); its raw bytes are shown as text.`],
  };
}
