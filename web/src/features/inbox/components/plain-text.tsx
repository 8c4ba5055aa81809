import { Fragment } from 'react';

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,!?;:)\]]/g;

/**
 * Customer text exactly as stored, rendered as text (React escapes it; no HTML is ever injected),
 * with web links made clickable and optional highlighted spans (offsets into `text`).
 */
export function PlainText({ text, highlights = [], links = true }: { text: string; highlights?: { start: number; end: number }[]; links?: boolean }) {
  const marks = [...highlights].sort((a, b) => a.start - b.start);
  const pieces: React.ReactNode[] = [];
  let position = 0;
  const pushLinked = (segment: string, offset: number, marked: boolean) => {
    let last = 0;
    const parts: React.ReactNode[] = [];
    for (const match of links ? segment.matchAll(URL_PATTERN) : []) {
      const index = match.index ?? 0;
      if (index > last) parts.push(segment.slice(last, index));
      parts.push(
        <a key={`${offset}-${index}`} href={match[0]} target="_blank" rel="noopener noreferrer nofollow">
          {match[0]}
        </a>,
      );
      last = index + match[0].length;
    }
    if (last < segment.length) parts.push(segment.slice(last));
    pieces.push(marked ? <mark key={`m${offset}`}>{parts}</mark> : <Fragment key={`t${offset}`}>{parts}</Fragment>);
  };
  for (const mark of marks) {
    if (mark.start < position || mark.end <= mark.start) continue;
    if (mark.start > position) pushLinked(text.slice(position, mark.start), position, false);
    pushLinked(text.slice(mark.start, mark.end), mark.start, true);
    position = mark.end;
  }
  if (position < text.length) pushLinked(text.slice(position), position, false);
  return <>{pieces}</>;
}
