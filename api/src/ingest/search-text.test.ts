import { describe, expect, it } from 'vitest';
import { SEARCH_TEXT_LIMIT, searchableText } from './search-text.js';

describe('searchableText', () => {
  it('keeps text under the limit whole', () => {
    expect(searchableText('short words')).toBe('short words');
  });

  it('cuts a longer text at whitespace before the limit, never inside a word', () => {
    const text = 'word '.repeat(SEARCH_TEXT_LIMIT / 5 + 10);
    const cut = searchableText(text);
    expect(cut.length).toBeLessThanOrEqual(SEARCH_TEXT_LIMIT);
    expect(cut.endsWith('word')).toBe(true);
    expect(text.startsWith(cut)).toBe(true);
  });

  it('cuts one enormous word at the limit', () => {
    expect(searchableText('x'.repeat(SEARCH_TEXT_LIMIT + 5))).toHaveLength(SEARCH_TEXT_LIMIT);
  });
});
