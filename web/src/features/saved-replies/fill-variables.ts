/** The variables a saved reply may hold, filled from what the conversation page already shows. */
export const SAVED_REPLY_VARIABLES = [
  { name: 'customer.firstName', description: 'the customer’s first name' },
  { name: 'customer.name', description: 'the customer’s full name' },
  { name: 'me.firstName', description: 'your first name' },
  { name: 'me.name', description: 'your full name' },
  { name: 'conversation.number', description: 'the conversation number, e.g. 123' },
  { name: 'mailbox.name', description: 'the mailbox’s name' },
] as const;

export interface VariableSources {
  customerName: string | null;
  myName: string | null;
  conversationNumber: number;
  mailboxName: string;
}

const firstName = (name: string | null) => (name ?? '').trim().split(/\s+/)[0] ?? '';

/**
 * Replaces `{{customer.firstName}}` and the other known variables (spaces inside the braces allowed).
 * A known variable without a value (a customer with no name) becomes empty; an unknown one is left as typed.
 */
export function fillVariables(body: string, sources: VariableSources): string {
  const values: Record<string, string> = {
    'customer.firstName': firstName(sources.customerName),
    'customer.name': (sources.customerName ?? '').trim(),
    'me.firstName': firstName(sources.myName),
    'me.name': (sources.myName ?? '').trim(),
    'conversation.number': String(sources.conversationNumber),
    'mailbox.name': sources.mailboxName,
  };
  return body.replace(/\{\{\s*([A-Za-z.]+)\s*\}\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? values[name]! : whole));
}

/** The `#query` being typed just before the caret (the # starting a word), or null. */
export function savedReplyQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const hash = before.lastIndexOf('#');
  if (hash === -1) return null;
  if (hash > 0 && !/\s/.test(before[hash - 1]!)) return null;
  const query = before.slice(hash + 1);
  if (query.length > 60 || /\s/.test(query)) return null;
  return { start: hash, query };
}

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();

/** Saved replies whose name contains the query (ignoring case and accents), names starting with it first. */
export function matchSavedReplies<T extends { name: string }>(replies: readonly T[], query: string, limit = 8): T[] {
  const wanted = fold(query.trim());
  return replies
    .map((reply) => ({ reply, at: fold(reply.name).indexOf(wanted) }))
    .filter((entry) => entry.at >= 0)
    .sort((a, b) => Number(a.at !== 0) - Number(b.at !== 0) || a.reply.name.localeCompare(b.reply.name))
    .slice(0, limit)
    .map((entry) => entry.reply);
}
