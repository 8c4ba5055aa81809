const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
/** Scripts written without spaces between words: there, a word boundary is a place to end too. */
const NO_SPACES = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const SPACE = /^\s/u;

/**
 * Where a shortened preview may end without cutting a word: after a word followed by a space, or
 * at a word boundary inside text written without spaces (Chinese, Japanese, Thai…). "e-mail",
 * "don't" and a URL stay whole. The text's own end counts only when it is the end of the words
 * (`complete`): a preview the server already shortened may end inside a very long word.
 */
export function wordCuts(text: string, complete: boolean): number[] {
  const segments = [...segmenter.segment(text)];
  const cuts: number[] = [];
  segments.forEach((segment, index) => {
    if (SPACE.test(segment.segment)) return;
    const end = segment.index + segment.segment.length;
    const next = segments[index + 1];
    if (!next) {
      if (complete) cuts.push(end);
    } else if (SPACE.test(next.segment) || NO_SPACES.test(segment.segment) || NO_SPACES.test(next.segment)) {
      cuts.push(end);
    }
  });
  return cuts;
}
