/**
 * PostgreSQL refuses a tsvector over 1 MB ("string is too long for tsvector"), so a very long
 * message could never be stored. Search covers the first SEARCH_TEXT_LIMIT UTF-16 units of the new
 * words (cut at whitespace, never inside a word); the message's text itself is stored whole.
 */
export const SEARCH_TEXT_LIMIT = 200_000;

export function searchableText(text: string): string {
  if (text.length <= SEARCH_TEXT_LIMIT) return text;
  const cut = text.slice(0, SEARCH_TEXT_LIMIT);
  const lastSpace = cut.search(/\s\S*$/);
  return lastSpace > 0 ? cut.slice(0, lastSpace) : cut;
}
