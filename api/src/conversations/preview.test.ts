import { describe, expect, it } from 'vitest';
import { firstAnswerEnd, previewOf, searchableWords } from './preview.js';

const whole = (text: string) => ({ start: 0, end: text.length });

describe('previewOf', () => {
  it('keeps short new words whole', () => {
    expect(previewOf('Hello there', whole('Hello there'))).toEqual({ preview: 'Hello there', truncated: false });
  });

  it('takes the new-words span only', () => {
    const text = 'Thanks!\n\n> old quoted text';
    expect(previewOf(text, { start: 0, end: 7 }).preview).toBe('Thanks!');
  });

  it.each([
    ['English', 'The calendar sync drops every event I created yesterday afternoon', 30],
    ['CJK', '日历同步会丢失我昨天下午创建的所有事件，请帮忙看看这个问题', 12],
    ['emoji and combining marks', 'Cafe\u0301 déjà vu 👩‍👩‍👧 family 🎉 party tonight with everyone', 20],
    ['right-to-left', 'مرحبا، مزامنة التقويم تحذف كل الأحداث التي أنشأتها أمس', 25],
  ])('cuts %s at a word boundary, as an exact prefix of the text', (_name, text, max) => {
    const { preview, truncated } = previewOf(text, whole(text), max);
    expect(truncated).toBe(true);
    expect(text.startsWith(preview)).toBe(true);
    expect(preview.length).toBeLessThanOrEqual(max);
    expect(preview.length).toBeGreaterThan(0);
    const next = text.slice(preview.length);
    // Never inside a word: the next character starts a new segment, and no surrogate pair is split.
    expect(/[\uDC00-\uDFFF]/.test(next[0] ?? '')).toBe(false);
    expect(/^[\s，、。,.!?]|^$/u.test(next) || /\s$/.test(preview) || new Intl.Segmenter('und', { granularity: 'word' }).segment(text).containing(preview.length)?.index === preview.length).toBe(true);
  });

  it('cuts a long message exactly where segmenting all of it would', () => {
    // The reference: segment the whole text, as previewOf did before it read only a window.
    const reference = (text: string, max: number) => {
      let cut = 0;
      for (const granularity of ['word', 'grapheme'] as const) {
        for (const segment of new Intl.Segmenter('und', { granularity }).segment(text)) {
          if (segment.index + segment.segment.length > max) break;
          cut = segment.index + segment.segment.length;
        }
        if (cut > 0) break;
      }
      return text.slice(0, cut).trimEnd();
    };
    const texts = [
      'When I open the calendar on my phone the events are gone. '.repeat(80),
      `Look at ${'x'.repeat(190)}${'y'.repeat(400)} please`, // a "word" running past the window
      `${'https://example.com/'.repeat(30)} is the link`,
      '日历同步会丢失我昨天下午创建的所有事件'.repeat(40),
      `${'🎉'.repeat(98)}👩‍👩‍👧👩‍👩‍👧 family ${'e\u0301'.repeat(300)}`,
    ];
    for (const text of texts) expect(previewOf(text, whole(text)).preview).toBe(reference(text, 200));
  });
});

describe('firstAnswerEnd: what previews and the digest show of an interleaved reply', () => {
  it.each([
    ['no quoted line inside the span', 'Thanks!\n\nOn Mon, Ada wrote:\n> old', { start: 0, end: 7 }, 'Thanks!'],
    ['the first answer, up to the first quoted line', 'Answers inline.\n\n> 1. Which browser?\n\nFirefox.\n\n> 2. Version?\n\n140', { start: 0, end: 56 }, 'Answers inline.'],
    ['an answer after an attribution and a quote', 'On 30/11 Ada wrote:\n> Is it shared?\nYes, with three.\n> By whom?\nThe team.', { start: 36, end: 72 }, 'Yes, with three.'],
    ['a quoted line after the span is not inside it', 'Fine.\n> old', { start: 0, end: 5 }, 'Fine.'],
  ])('%s', (_case, text, span, expected) => {
    expect(text.slice(span.start, firstAnswerEnd(text, span))).toBe(expected);
  });
});

describe('searchableWords: what search indexes of a message', () => {
  const text = 'Answers inline.\n> Which browser?\nFirefox.\n> Version?\n140';
  it.each([
    ['the whole span when it is not interleaved', false, text],
    ['the answers without the quoted lines between them when it is', true, 'Answers inline.\nFirefox.\n140'],
  ])('%s', (_case, interleaved, expected) => {
    expect(searchableWords(text, { start: 0, end: text.length }, interleaved)).toBe(expected);
  });
});
