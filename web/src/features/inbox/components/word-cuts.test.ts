import { describe, expect, it } from 'vitest';
import { wordCuts } from './word-cuts';

/** The prefixes a preview may show. */
const endings = (text: string, complete: boolean) => wordCuts(text, complete).map((cut) => text.slice(0, cut));

describe('wordCuts', () => {
  it.each([
    ['Thanks a lot', true, ['Thanks', 'Thanks a', 'Thanks a lot']],
    ['Thanks a lot', false, ['Thanks', 'Thanks a']],
    ['My e-mail, don’t you see?', true, ['My', 'My e-mail,', 'My e-mail, don’t', 'My e-mail, don’t you', 'My e-mail, don’t you see?']],
    ['See https://example.com/a/b.html now', true, ['See', 'See https://example.com/a/b.html', 'See https://example.com/a/b.html now']],
    ['Line one\nline two', true, ['Line', 'Line one', 'Line one\nline', 'Line one\nline two']],
    ['Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz', true, ['Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz']],
    // A single word the server shortened: no place to end that is not inside it.
    ['Rindfleischetikettierungsüberwachungs', false, []],
  ])('%j (complete: %s)', (text, complete, expected) => {
    expect(endings(text, complete)).toEqual(expected);
  });

  it('ends between the words of text written without spaces (the segmenter’s boundaries)', () => {
    const text = '東京で会いましょう';
    const boundaries = [...new Intl.Segmenter(undefined, { granularity: 'word' }).segment(text)].map((segment) => segment.index + segment.segment.length);
    expect(wordCuts(text, true)).toEqual(boundaries);
    expect(boundaries.length).toBeGreaterThan(2);
    expect(endings(text, true)[0]).toBe('東京');
  });
});
