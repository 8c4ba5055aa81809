/** A selection of a customer's words, in the message text's UTF-16 offsets (the API's unit). */
export interface WordSelection {
  messageId: string;
  start: number;
  end: number;
  text: string;
}

/** UTF-16 length of the text from the start of `container` to (node, offset): the same unit as String.prototype.slice. */
function offsetWithin(container: Node, node: Node, offset: number): number {
  const range = document.createRange();
  range.selectNodeContents(container);
  range.setEnd(node, offset);
  return range.toString().length;
}

/**
 * The current browser selection, when it lies inside one block of customer words (an element with
 * data-quote-base, the offset of its first character in the message text), trimmed of whitespace.
 */
export function currentWordSelection(): WordSelection | null {
  const selection = window.getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  const range = selection.getRangeAt(0);
  const start = range.startContainer instanceof Element ? range.startContainer : range.startContainer.parentElement;
  const container = start?.closest<HTMLElement>('[data-quote-base]');
  if (!container || !container.contains(range.endContainer)) return null;
  const base = Number(container.dataset.quoteBase);
  const words = container.textContent ?? '';
  let from = offsetWithin(container, range.startContainer, range.startOffset);
  let to = offsetWithin(container, range.endContainer, range.endOffset);
  while (from < to && /\s/.test(words[from] ?? '')) from += 1;
  while (to > from && /\s/.test(words[to - 1] ?? '')) to -= 1;
  if (to <= from) return null;
  return { messageId: container.dataset.messageId ?? '', start: base + from, end: base + to, text: words.slice(from, to) };
}
