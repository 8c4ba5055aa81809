import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quoteSpan, splitsCharacter } from './quote-span.js';

describe('quote spans (UTF-16 offsets)', () => {
  it('takes the exact text and about 32 characters of context', () => {
    const text = 'Hello team, the calendar sync drops every event I created yesterday. Please help.';
    const start = text.indexOf('the calendar');
    const span = quoteSpan(text, start, text.indexOf('.') + 1);
    expect(span).toEqual({ ok: true, text: 'the calendar sync drops every event I created yesterday.', prefix: 'Hello team, ', suffix: ' Please help.' });
  });

  it('handles emoji, CJK, combining marks and right-to-left text', () => {
    const text = 'Sync 🔥 is broken 👩‍💻 同步日历时事件重复 Café (e\u0301) مرحبا بالعالم';
    for (const piece of ['🔥', '👩‍💻', '同步日历', 'e\u0301', 'مرحبا بالعالم']) {
      const start = text.indexOf(piece);
      expect(quoteSpan(text, start, start + piece.length)).toMatchObject({ ok: true, text: piece });
    }
  });

  it('refuses a span that cuts a character in half', () => {
    const text = 'fire 🔥 and e\u0301 and 👩‍💻';
    const fire = text.indexOf('🔥');
    expect(quoteSpan(text, fire + 1, fire + 2)).toMatchObject({ ok: false, reason: expect.stringContaining('in half') });
    const accent = text.indexOf('\u0301');
    expect(quoteSpan(text, 0, accent)).toMatchObject({ ok: false });
    const coder = text.indexOf('👩‍💻');
    expect(quoteSpan(text, coder, coder + 2)).toMatchObject({ ok: false });
  });

  it('refuses empty, whitespace-only and out-of-range spans', () => {
    expect(quoteSpan('abc', 2, 2).ok).toBe(false);
    expect(quoteSpan('a   b', 1, 4).ok).toBe(false);
    expect(quoteSpan('abc', 0, 4).ok).toBe(false);
    expect(quoteSpan('abc', -1, 2).ok).toBe(false);
  });

  it('never returns context that splits a character, and the quote is always the exact substring', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.nat(), fc.nat(), (text, a, b) => {
        const start = text.length ? a % text.length : 0;
        const end = text.length ? start + 1 + (b % (text.length - start)) : 0;
        const span = quoteSpan(text, start, end);
        if (!span.ok) return;
        expect(span.text).toBe(text.slice(start, end));
        expect(text.slice(start - span.prefix.length, start)).toBe(span.prefix);
        expect(text.slice(end, end + span.suffix.length)).toBe(span.suffix);
        expect(splitsCharacter(text, start - span.prefix.length)).toBe(false);
      }),
    );
  });
});
