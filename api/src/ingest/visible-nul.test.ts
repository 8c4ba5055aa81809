import { describe, expect, it } from 'vitest';
import type { ParsedEmail } from '../mail/parse-email.js';
import { NUL_ISSUE, showNulCharacters, unparsedEmail } from './visible-nul.js';

const email = (overrides: Partial<ParsedEmail>): ParsedEmail => ({ ...unparsedEmail(Buffer.from(''), 'x'), decodingIssues: [], ...overrides });

describe('showNulCharacters', () => {
  it('leaves mail without NUL untouched', () => {
    const parsed = email({ subject: 'Hello', text: 'Plain words ␀ already here' });
    expect(showNulCharacters(parsed)).toBe(parsed);
  });

  it.each([
    { field: 'subject', overrides: { subject: 'a\u0000b' }, read: (parsed: ParsedEmail) => parsed.subject, expected: 'a␀b' },
    { field: 'text', overrides: { text: '\u0000start and end\u0000' }, read: (parsed: ParsedEmail) => parsed.text, expected: '␀start and end␀' },
    { field: 'html', overrides: { html: '<p>x\u0000</p>' }, read: (parsed: ParsedEmail) => parsed.html, expected: '<p>x␀</p>' },
    { field: 'from name', overrides: { from: { address: 'a@b.example', name: 'Ca\u0000rla' } }, read: (parsed: ParsedEmail) => parsed.from?.name, expected: 'Ca␀rla' },
    { field: 'a header', overrides: { headers: new Map([['x-tag', ['v\u0000']]]) }, read: (parsed: ParsedEmail) => parsed.headers.get('x-tag')?.[0], expected: 'v␀' },
  ])('shows a NUL in the $field as ␀ and says so', ({ overrides, read, expected }) => {
    const shown = showNulCharacters(email(overrides));
    expect(read(shown)).toBe(expected);
    expect(shown.decodingIssues).toEqual([NUL_ISSUE]);
  });

  it('keeps every offset: one UTF-16 unit for another', () => {
    const text = 'one\u0000two\u0000three';
    expect(showNulCharacters(email({ text })).text).toHaveLength(text.length);
  });
});

describe('unparsedEmail', () => {
  it('shows the raw bytes as the text, exactly', () => {
    const parsed = unparsedEmail(Buffer.from('not MIME at all\r\nbut words'), 'boundary missing');
    expect(parsed.text).toBe('not MIME at all\r\nbut words');
    expect(parsed.decodingIssues[0]).toMatch(/boundary missing/);
  });
});
