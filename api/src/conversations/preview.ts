export const PREVIEW_MAX_LENGTH = 200;

const wordSegmenter = new Intl.Segmenter('und', { granularity: 'word' });
const graphemeSegmenter = new Intl.Segmenter('und', { granularity: 'grapheme' });
/** How far past the limit the segmenter reads: boundaries depend on a few characters of context only. */
const LOOKAHEAD = 64;

/** The last boundary of `granularity` at or before `maxLength`, or 0; reads only a window of the text. */
function lastBoundary(segmenter: Intl.Segmenter, text: string, maxLength: number): number {
  // Segmenting a whole long message costs more than the rest of its ingestion; a window past the
  // limit gives the same boundaries, unless a segment runs to the window's end (then read it all).
  for (const source of [text.slice(0, maxLength + LOOKAHEAD), text]) {
    let cut = 0;
    let crossed = false;
    for (const segment of segmenter.segment(source)) {
      const end = segment.index + segment.segment.length;
      if (end > maxLength) {
        crossed = end < source.length || source.length === text.length;
        break;
      }
      cut = end;
    }
    if (crossed || source.length === text.length) return cut;
  }
  return 0;
}

/**
 * The first words of a message's new text, an exact substring of it, cut only at a word boundary
 * (Unicode word segmentation, so CJK and emoji are never split) when longer than maxLength.
 */
export function previewOf(text: string, span: { start: number; end: number }, maxLength = PREVIEW_MAX_LENGTH): { preview: string; truncated: boolean } {
  const words = text.slice(span.start, span.end);
  if (words.length <= maxLength) return { preview: words, truncated: false };
  // A single "word" longer than the limit (a URL): cut at the last grapheme boundary instead.
  const cut = lastBoundary(wordSegmenter, words, maxLength) || lastBoundary(graphemeSegmenter, words, maxLength);
  return { preview: words.slice(0, cut).trimEnd(), truncated: true };
}

/**
 * Where the first answer of an interleaved span ends (just before the first quoted line inside it),
 * or the span's end when nothing inside it is quoted. Previews and the digest show this part, so
 * they never repeat our own quoted words between a customer's inline answers.
 */
export function firstAnswerEnd(text: string, span: { start: number; end: number }): number {
  const quoted = /\n[ \t]*>/g;
  quoted.lastIndex = span.start;
  const match = quoted.exec(text);
  if (!match || match.index >= span.end) return span.end;
  let end = match.index;
  while (end > span.start && /\s/.test(text[end - 1]!)) end -= 1;
  return end;
}

/**
 * The words search indexes for a message: its new-words span, without the quoted lines that sit
 * between the answers of an interleaved reply (they are not what the customer wrote).
 */
export function searchableWords(text: string, span: { start: number; end: number }, interleaved: boolean): string {
  const words = text.slice(span.start, span.end);
  if (!interleaved) return words;
  return words
    .split('\n')
    .filter((line) => !/^[ \t]*>/.test(line))
    .join('\n');
}
