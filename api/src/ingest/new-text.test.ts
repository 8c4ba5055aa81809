import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findNewText } from './new-text.js';
import { parseEmail } from '../mail/parse-email.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/replies');
const newWords = async (file: string) => {
  const parsed = await parseEmail(readFileSync(path.join(fixtures, file)));
  const span = findNewText(parsed.text);
  return { text: parsed.text, newText: parsed.text.slice(span.start, span.end) };
};

describe('the customer’s new words in real reply formats', () => {
  it.each(['gmail-plain.eml', 'gmail-html.eml', 'outlook-plain.eml', 'outlook-html.eml', 'apple-mail-plain.eml', 'apple-mail-html.eml'])(
    '%s: the new words, without the quoted history, which stays in the text',
    async (file) => {
      const { text, newText } = await newWords(file);
      expect(newText).toMatch(/^Thanks, that fixed it for the work calendar\.\s+The family one still loses Tuesday[’']s events\.(\s+Carla)?$/);
      expect(text).toContain('Could you try reconnecting the calendar?');
      expect(newText).not.toContain('Could you try');
      expect(newText).not.toMatch(/wrote|From:|Sent from my iPhone/);
    },
  );

  it('thunderbird-plain.eml: every word written between quoted blocks is kept; the signature is not', async () => {
    const { text, newText } = await newWords('thunderbird-plain.eml');
    expect(newText.startsWith('Thanks, that fixed it for the work calendar.')).toBe(true);
    expect(newText.endsWith("No, the family one still loses Tuesday's events.")).toBe(true);
    expect(newText).toContain('> Does the family calendar work too?');
    expect(newText).not.toContain('Head of Operations');
    expect(text).toContain('Head of Operations');
  });

  it('thunderbird-html.eml: the new words, without the cite block and signature', async () => {
    const { newText } = await newWords('thunderbird-html.eml');
    expect(newText).toBe("Thanks, that fixed it for the work calendar.\nThe family one still loses Tuesday's events.");
  });
});

describe('findNewText edge cases', () => {
  it('keeps a message without history whole', () => {
    const text = '  Hello,\n\nmy invoice is wrong.\n';
    expect(text.slice(findNewText(text).start, findNewText(text).end)).toBe('Hello,\n\nmy invoice is wrong.');
  });

  it('shows a bare forward whole rather than nothing', () => {
    const text = '---------- Forwarded message ---------\nFrom: Bob <bob@x.example>\nDate: Mon\n\nPlease help';
    const span = findNewText(text);
    expect(text.slice(span.start, span.end)).toBe(text.trim());
  });

  it('counts offsets in UTF-16 code units, so emoji and CJK slice exactly', () => {
    const text = '同步失败 🎉 again\n\nOn Mon, Ada <ada@wholegrain.test> wrote:\n> old';
    const span = findNewText(text);
    expect(text.slice(span.start, span.end)).toBe('同步失败 🎉 again');
  });

  it('does not mistake a sentence ending in "wrote:" without an attribution for history', () => {
    const text = 'Here is what my colleague wrote:\nthe export is empty.';
    const span = findNewText(text);
    expect(text.slice(span.start, span.end)).toBe(text);
  });
});
