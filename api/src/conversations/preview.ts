export const PREVIEW_MAX_LENGTH = 200;

const wordSegmenter = new Intl.Segmenter('und', { granularity: 'word' });

/**
 * The first words of a message's new text, an exact substring of it, cut only at a word boundary
 * (Unicode word segmentation, so CJK and emoji are never split) when longer than maxLength.
 */
export function previewOf(text: string, span: { start: number; end: number }, maxLength = PREVIEW_MAX_LENGTH): { preview: string; truncated: boolean } {
  const words = text.slice(span.start, span.end);
  if (words.length <= maxLength) return { preview: words, truncated: false };
  let cut = 0;
  for (const segment of wordSegmenter.segment(words)) {
    const end = segment.index + segment.segment.length;
    if (end > maxLength) break;
    cut = end;
  }
  // A single "word" longer than the limit (a URL): cut at the last grapheme boundary instead.
  if (cut === 0) {
    for (const segment of new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(words)) {
      const end = segment.index + segment.segment.length;
      if (end > maxLength) break;
      cut = end;
    }
  }
  return { preview: words.slice(0, cut).trimEnd(), truncated: true };
}
