import { describe, expect, it } from 'vitest';
import { pushBody } from './notification-email.js';

describe('pushBody', () => {
  it('keeps a short text whole', () => {
    expect(pushBody('The export button does nothing on Safari.')).toBe('The export button does nothing on Safari.');
    const exactly = 'word '.repeat(120).trimEnd() + 'x'; // 600 characters
    expect(exactly).toHaveLength(600);
    expect(pushBody(exactly)).toBe(exactly);
  });

  it('cuts a long text after the last whole word that fits, and says something was left out', () => {
    const text = `${'lorem '.repeat(99)}ipsumdolor and more words after the limit`;
    const body = pushBody(text);
    expect(body).toBe(`${'lorem '.repeat(99).trimEnd()} …`);
    expect(text.startsWith(body.slice(0, -2))).toBe(true);
  });

  it('keeps the last word when the limit falls exactly on the space after it', () => {
    const text = `${'a'.repeat(10)} ${'b'.repeat(9)} tail`; // the 21st character (index 20) is a space
    expect(pushBody(text, 20)).toBe(`${'a'.repeat(10)} ${'b'.repeat(9)} …`);
  });

  it('never cuts a word: a single word longer than the limit gives no preview at all', () => {
    const url = `https://example.com/${'x'.repeat(2_000)}`;
    expect(pushBody(url)).toBe('');
    expect(pushBody(`${url} and then words`)).toBe('');
    expect(pushBody(`   ${url}`)).toBe('');
  });

  it('drops a long word that straddles the limit, keeping the words before it', () => {
    const text = `Please see ${'y'.repeat(1_000)}`;
    expect(pushBody(text)).toBe('Please see …');
  });

  it('never splits a surrogate pair (emoji) or other word of non-Latin script', () => {
    const text = `${'😀'.repeat(400)} done`; // 800 UTF-16 units, one word
    expect(pushBody(text)).toBe('');
    const mixed = `Hi ${'😀'.repeat(400)}`;
    expect(pushBody(mixed)).toBe('Hi …');
  });

  it('treats newlines and tabs as word boundaries', () => {
    const text = `first line\n${'z'.repeat(700)}`;
    expect(pushBody(text)).toBe('first line …');
  });
});
