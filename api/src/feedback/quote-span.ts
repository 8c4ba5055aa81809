/**
 * Quote offsets: UTF-16 code units into the message's `text`, exactly as JavaScript string indices
 * (String.prototype.slice). The API and the web app use this one unit everywhere.
 */
export const CONTEXT_LENGTH = 32;
export const MAX_QUOTE_LENGTH = 4_000;

export type QuoteSpan = { ok: true; text: string; prefix: string; suffix: string } | { ok: false; reason: string };

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;
/** Marks that belong to the character before them: combining marks, joiners, variation selectors, emoji modifiers. */
const CONTINUES = /^(?:\p{M}|\u200d|[\ufe00-\ufe0f]|\ud83c[\udffb-\udfff]|\udb40[\udc20-\udc7f])/u;

/** True when a cut at `index` falls inside one user-perceived character. */
export function splitsCharacter(text: string, index: number): boolean {
  if (index <= 0 || index >= text.length) return false;
  if (isLowSurrogate(text.charCodeAt(index))) return true;
  if (CONTINUES.test(text.slice(index))) return true;
  // After a zero-width joiner the next character is part of the same emoji.
  return text.charCodeAt(index - 1) === 0x200d;
}

/** Moves `index` back (or forward) to the nearest character boundary. */
function boundary(text: string, index: number, direction: -1 | 1): number {
  let current = index;
  while (current > 0 && current < text.length && splitsCharacter(text, current)) current += direction;
  return current;
}

export function quoteSpan(text: string, start: number, end: number): QuoteSpan {
  if (!Number.isInteger(start) || !Number.isInteger(end)) return { ok: false, reason: 'start and end must be whole numbers (UTF-16 code units).' };
  if (start < 0 || end > text.length || end <= start) return { ok: false, reason: `The span must lie inside the message text (0–${text.length}) and not be empty.` };
  if (end - start > MAX_QUOTE_LENGTH) return { ok: false, reason: `A quote is at most ${MAX_QUOTE_LENGTH} characters; pin the sentence that matters.` };
  if (splitsCharacter(text, start) || splitsCharacter(text, end)) return { ok: false, reason: 'The span cuts a character in half (an emoji, an accent or a surrogate pair); select whole characters.' };
  const quoted = text.slice(start, end);
  if (!quoted.trim()) return { ok: false, reason: 'The selection is only whitespace.' };
  const prefixStart = boundary(text, Math.max(0, start - CONTEXT_LENGTH), 1);
  const suffixEnd = boundary(text, Math.min(text.length, end + CONTEXT_LENGTH), -1);
  return { ok: true, text: quoted, prefix: text.slice(prefixStart, start), suffix: text.slice(end, suffixEnd) };
}
