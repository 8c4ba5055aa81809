/** A run of our own reply's text with the composer's light formatting applied. */
export interface LightSegment {
  text: string;
  bold: boolean;
  italic: boolean;
}

// The same rules as the HTML part of the email (api/src/replies/light-format.ts), applied line by line.
const BOLD = /\*\*(?=\S)([^*]*?\S)\*\*/g;
const ITALIC = /(^|[\s(])_(?=\S)([^_]*?\S)_(?=$|[\s).,!?;:])/g;

function italics(text: string, bold: boolean, out: LightSegment[]): void {
  let last = 0;
  for (const match of text.matchAll(ITALIC)) {
    const start = match.index + match[1]!.length;
    if (start > last) out.push({ text: text.slice(last, start), bold, italic: false });
    out.push({ text: match[2]!, bold, italic: true });
    last = match.index + match[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), bold, italic: false });
}

/** One line of our text as the email shows it: **bold** and _italic_ without their markers; everything else as written. */
export function lightSegments(line: string): LightSegment[] {
  const out: LightSegment[] = [];
  let last = 0;
  for (const match of line.matchAll(BOLD)) {
    if (match.index > last) italics(line.slice(last, match.index), false, out);
    italics(match[1]!, true, out);
    last = match.index + match[0].length;
  }
  if (last < line.length) italics(line.slice(last), false, out);
  return out;
}
