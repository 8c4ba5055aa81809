import { type RefObject, useEffect, useLayoutEffect, useRef } from 'react';

/** UTF-16 offset of (node, offset) from the start of `container`'s text. */
function offsetWithin(container: Node, node: Node, offset: number): number {
  const range = document.createRange();
  range.selectNodeContents(container);
  range.setEnd(node, offset);
  return range.toString().length;
}

/** The text node and offset at a UTF-16 offset of `container`'s text. */
function pointAt(container: Node, target: number): { node: Node; offset: number } | null {
  const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
  let seen = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const length = node.textContent?.length ?? 0;
    if (target <= seen + length) return { node, offset: target - seen };
    seen += length;
  }
  return null;
}

/**
 * Keeps a person's text selection inside `ref` when React re-renders its text: a live update that
 * adds a highlight (someone pinned words) replaces the text nodes, and the browser would drop a
 * selection the person just made. The selection is remembered as text offsets and put back before
 * paint whenever `version` changes and the selection was lost.
 */
export function useKeepSelection(ref: RefObject<HTMLElement | null>, version: unknown): void {
  const saved = useRef<{ from: number; to: number } | null>(null);

  useEffect(() => {
    const remember = () => {
      const container = ref.current;
      const selection = window.getSelection();
      if (!container || !selection || selection.rangeCount === 0 || selection.isCollapsed) {
        saved.current = null;
        return;
      }
      const range = selection.getRangeAt(0);
      if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) {
        saved.current = null;
        return;
      }
      saved.current = { from: offsetWithin(container, range.startContainer, range.startOffset), to: offsetWithin(container, range.endContainer, range.endOffset) };
    };
    document.addEventListener('selectionchange', remember);
    return () => document.removeEventListener('selectionchange', remember);
  }, [ref]);

  useLayoutEffect(() => {
    const container = ref.current;
    const wanted = saved.current;
    const selection = window.getSelection();
    if (!container || !wanted || !selection) return;
    const current = selection.rangeCount > 0 ? selection.getRangeAt(0) : null;
    if (current && !current.collapsed && container.contains(current.startContainer) && container.contains(current.endContainer)) return;
    const start = pointAt(container, wanted.from);
    const end = pointAt(container, wanted.to);
    if (!start || !end) return;
    const range = document.createRange();
    range.setStart(start.node, start.offset);
    range.setEnd(end.node, end.offset);
    selection.removeAllRanges();
    selection.addRange(range);
  }, [ref, version]);
}
