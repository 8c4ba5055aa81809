import { useLayoutEffect, useRef, useState } from 'react';
import { PlainText } from './plain-text';
import { wordCuts } from './word-cuts';

/** The text node and offset where character `offset` of `root`'s text sits. */
function locate(root: Node, offset: number): { node: Text; offset: number } | null {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let seen = 0;
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    if (offset <= seen + node.data.length) return { node, offset: offset - seen };
    seen += node.data.length;
  }
  return null;
}

/**
 * How much of the words fits in the box's lines with the ellipsis after them: the longest prefix
 * ending at one of `cuts` whose last character lies within the lines (on the last line, with room
 * left for the ellipsis). The browser's own line breaking decides; nothing is estimated.
 */
function measure(box: HTMLElement, words: HTMLElement, ellipsis: HTMLElement | null, text: string, cuts: number[], lines: number): number {
  const boxRect = box.getBoundingClientRect();
  const lineHeight = parseFloat(getComputedStyle(box).lineHeight) || boxRect.height / lines;
  const bottom = boxRect.top + lines * lineHeight + 0.5;
  const ellipsisWidth = ellipsis?.getBoundingClientRect().width ?? 0;
  const range = document.createRange();
  const endOf = (cut: number): DOMRect | null => {
    const start = locate(words, cut - 1);
    const end = locate(words, cut);
    if (!start || !end) return null;
    range.setStart(start.node, start.offset);
    range.setEnd(end.node, end.offset);
    const rects = range.getClientRects();
    return rects.length ? rects[rects.length - 1]! : null;
  };
  if (cuts.at(-1) === text.length) {
    const whole = endOf(text.length);
    if (whole && whole.bottom <= bottom) return text.length;
  }
  for (let index = cuts.length - 1; index >= 0; index -= 1) {
    const rect = endOf(cuts[index]!);
    if (!rect || rect.bottom > bottom) continue;
    const onLastLine = rect.bottom > bottom - lineHeight;
    if (!onLastLine || rect.right + ellipsisWidth <= boxRect.right + 0.5) return cuts[index]!;
  }
  return 0;
}

/**
 * A list row's preview of the customer's words, at most `lines` lines, that never shows part of a
 * word: it ends after the last whole word that fits and an ellipsis is added after the words (not
 * inside them). A word too long for the lines is left out whole. Measured in the browser, again
 * when the row's width changes. Links are not made clickable here: the whole row is a link.
 */
export function FittedPreview({
  text,
  complete,
  cutBefore = false,
  highlights,
  lines = 2,
}: {
  text: string;
  /** False when `text` is already shortened (its end may not be the end of a word). */
  complete: boolean;
  /** Words before `text` were left out (search snippets). */
  cutBefore?: boolean;
  highlights?: { start: number; end: number }[];
  lines?: number;
}) {
  const box = useRef<HTMLSpanElement>(null);
  const words = useRef<HTMLSpanElement>(null);
  const ellipsis = useRef<HTMLSpanElement>(null);
  const [fit, setFit] = useState<{ text: string; width: number; end: number } | null>(null);
  const measuring = !fit || fit.text !== text;
  const end = measuring ? text.length : fit.end;

  useLayoutEffect(() => {
    if (!measuring || !box.current || !words.current) return;
    const width = box.current.getBoundingClientRect().width;
    setFit({ text, width, end: measure(box.current, words.current, ellipsis.current, text, wordCuts(text, complete), lines) });
  }, [measuring, text, complete, lines]);

  // A different width breaks the lines elsewhere: measure again.
  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(() => {
      setFit((current) => (current && Math.abs(current.width - element.getBoundingClientRect().width) > 0.5 ? null : current));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const shown = text.slice(0, end);
  const marks = highlights?.filter((mark) => mark.start < end).map((mark) => ({ start: mark.start, end: Math.min(mark.end, end) }));
  return (
    <span ref={box} className="row-preview" data-testid="row-preview" data-fitting={measuring ? 'true' : undefined}>
      {cutBefore ? <span className="preview-more">… </span> : null}
      <span ref={words} className="preview-words">
        <PlainText text={shown} highlights={marks ?? []} links={false} />
      </span>
      {measuring || end < text.length || !complete ? (
        <span ref={ellipsis} className="preview-more">
          {end > 0 ? ' …' : '…'}
        </span>
      ) : null}
    </span>
  );
}
