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

describe('findNewText: interleaved answers, forwards and the HTML hint', () => {
  const slice = (text: string, span: { start: number; end: number }) => text.slice(span.start, span.end);

  it('marks one range over interleaved answers as interleaved, quoted lines included', () => {
    const text = 'On 30/11/2026 09:15, Ada wrote:\n> Which plan?\nTeam.\n> How many seats?\nTwelve.';
    const span = findNewText(text);
    expect(slice(text, span)).toBe('Team.\n> How many seats?\nTwelve.');
    expect(span.interleaved).toBe(true);
    expect(span.forwarded).toBeUndefined();
  });

  it.each([
    ['FW:', true],
    ['WG: Rechnung', true],
    ['RE: Rechnung', false],
    ['VS: Lasku', false],
  ])('treats an Outlook header block under the subject "%s" as a forward: %s', (subject, forwarded) => {
    const text = 'See below.\n\nFrom: Bank <bank@x.example>\nSent: Monday, 30 November 2026 09:15\nTo: Carla\nSubject: Payment\n\nYour payment failed.';
    const span = findNewText(text, { subject });
    expect(slice(text, span)).toBe(forwarded ? text : 'See below.');
    expect(span.forwarded === true).toBe(forwarded);
  });

  it('ends the span where the HTML quote begins when the text part shows unquoted history in an unknown language', () => {
    const text = 'Köszönöm, működik.\n\n2026. nov. 30., H 9:15 időpontban Ada <ada@x.example> ezt írta:\n\nHi Carla, try again.';
    const html = '<div>Köszönöm, működik.</div><div class="gmail_quote"><div class="gmail_attr">2026. nov. 30. … ezt írta:</div><blockquote>Hi Carla, try again.</blockquote></div>';
    expect(slice(text, findNewText(text))).toBe(text);
    expect(slice(text, findNewText(text, { html }))).toBe('Köszönöm, működik.');
  });

  it('never shortens the span when the HTML’s words do not match the text’s', () => {
    const text = 'Totally different text part.\n\nMore words here.';
    const html = '<div>Another body</div><div class="gmail_quote">old</div>';
    expect(slice(text, findNewText(text, { html }))).toBe(text);
  });

  it.each([
    ['Sent from my iPhone', 'Thanks.'],
    ['Sent from my desk, it is easier than my phone.', 'Thanks.\n\nSent from my desk, it is easier than my phone.'],
    ['Von meinem iPhone gesendet', 'Thanks.'],
    ['Get Outlook for Android', 'Thanks.'],
    ['Sent from my iPhone, so excuse the typos', 'Thanks.\n\nSent from my iPhone, so excuse the typos'],
  ])('cuts a signature only when the whole line is a client’s: "%s"', (signature, expected) => {
    const text = `Thanks.\n\n${signature}`;
    expect(slice(text, findNewText(text))).toBe(expected);
  });
});

describe('findNewText: signatures and dividers', () => {
  const slice = (text: string) => text.slice(findNewText(text).start, findNewText(text).end);
  it.each([
    ['"-- " always starts the signature', 'Fixed, thanks.\n-- \nCarla\nStep two: call us.', 'Fixed, thanks.'],
    ['a bare "--" before a name starts the signature', 'Fixed, thanks.\n--\nCarla Customer\nHead of Operations', 'Fixed, thanks.'],
    ['a bare "--" between sentences is a divider', 'Step one works.\n--\nStep two fails with an error.', 'Step one works.\n--\nStep two fails with an error.'],
  ])('%s', (_case, text, expected) => {
    expect(slice(text)).toBe(expected);
  });

  it('stays fast on a very long line that ends with a colon', () => {
    const text = `${'x'.repeat(200_000)}@:\n> quoted`;
    const started = performance.now();
    expect(findNewText(text).end).toBe(200_002);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
