import { describe, expect, it } from 'vitest';
import { lightSegments } from './light-format';

const show = (line: string) => lightSegments(line).map((s) => (s.bold && s.italic ? `<b><i>${s.text}</i></b>` : s.bold ? `<b>${s.text}</b>` : s.italic ? `<i>${s.text}</i>` : s.text)).join('');

describe('lightSegments (as the email HTML renders our text)', () => {
  it.each([
    ['plain words', 'plain words'],
    ['it is **fixed** now', 'it is <b>fixed</b> now'],
    ['an _important_ detail.', 'an <i>important</i> detail.'],
    ['**bold** and _italic_', '<b>bold</b> and <i>italic</i>'],
    ['**very _much_ so**', '<b>very </b><b><i>much</i></b><b> so</b>'],
    ['snake_case_name stays', 'snake_case_name stays'],
    ['2 ** 3 stays', '2 ** 3 stays'],
    ['** not bold**', '** not bold**'],
    ['(_aside_)', '(<i>aside</i>)'],
    ['', ''],
  ])('%s', (line, expected) => {
    expect(show(line)).toBe(expected);
  });
});
