import { htmlTextBeforeQuote } from './html-quote.js';
import {
  ATTRIBUTION_LEAD,
  ATTRIBUTION_LEAD_AT_START,
  ATTRIBUTION_VERB,
  BRACKETED_EMAIL,
  DASHED_SEPARATOR,
  EMAIL,
  FORWARD_MARKER,
  FORWARD_SUBJECT,
  HEADER_FROM,
  HEADER_SENT,
  HEADER_SUBJECT,
  MOBILE_SIGNATURE,
  NUMERIC_DATE,
  ORIGINAL_SEPARATOR,
  SIGNATURE_DELIMITER,
  TIME,
  UNDERSCORE_SEPARATOR,
  YEAR,
} from './reply-patterns.js';

/**
 * Finds the span of a message's text that the sender wrote in this message: everything before the
 * quoted history and the signature, including words written between quoted blocks. Offsets are
 * UTF-16 code units (JavaScript string indices), the unit used everywhere in the API and the web
 * app. Nothing is removed: the full text stays, the span only says where the new words are.
 *
 * The span is one range. When the sender answered between quoted lines, the range runs from the
 * first answer to the last, quoted lines included, and `interleaved` is set (the first answer ends
 * at the first quoted line inside the range: conversations/preview.ts#firstAnswerEnd). A forward keeps the forwarded
 * message as the sender's words (it is what they want us to read) and sets `forwarded`.
 *
 * Losing a customer's word is the worse error, so a line is only cut when it is certainly not new:
 * attributions are whole patterns (a verb and a date or address, ending in a colon, before quoted
 * or unquoted history), signatures are whole known lines, header blocks need From: and Sent:/Date:.
 */
export interface TextSpan {
  start: number;
  end: number;
  interleaved?: boolean;
  forwarded?: boolean;
}

interface Line {
  text: string;
  start: number;
  end: number;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (;;) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    lines.push({ text: text.slice(start, end).replace(/\r$/, ''), start, end: text[end - 1] === '\r' ? end - 1 : end });
    if (newline === -1) return lines;
    start = newline + 1;
  }
}

const MAX_ATTRIBUTION_LENGTH = 600;

const isQuote = (line: Line | undefined) => line !== undefined && /^\s*>/.test(line.text);
const isBlank = (line: Line | undefined) => line !== undefined && line.text.trim() === '';
const endsWithColon = (text: string) => /[:：]\s*$/u.test(text);
const hasDate = (text: string) => TIME.test(text) || YEAR.test(text) || NUMERIC_DATE.test(text);

/** What follows line `index` after blank lines: a quote, other words, or nothing (the end). */
function nextKind(lines: Line[], index: number, limit: number): 'quote' | 'text' | 'end' {
  for (let look = index + 1; look < limit; look += 1) {
    const line = lines[look]!;
    if (isBlank(line)) continue;
    return isQuote(line) ? 'quote' : 'text';
  }
  return 'end';
}

/** Whether the text is an attribution as a whole; `strong` when it is one even over unquoted history. */
function attributionStrength(text: string): 'strong' | 'weak' | 'verbless' | null {
  // Attributions are short; a long line is never one (and the patterns stay linear on it).
  if (text.length > MAX_ATTRIBUTION_LENGTH || !endsWithColon(text)) return null;
  const email = EMAIL.test(text);
  if (ATTRIBUTION_VERB.test(text)) {
    // Strong enough to end the new words even when unquoted text follows (a customer's own "… wrote:"
    // sentence rarely carries a bracketed address and a date, or opens like a client's attribution).
    if ((BRACKETED_EMAIL.test(text) && hasDate(text)) || (ATTRIBUTION_LEAD_AT_START.test(text) && YEAR.test(text) && TIME.test(text))) return 'strong';
    if (email || hasDate(text)) return 'weak';
    if (hasDate(text)) return 'weak';
    return null;
  }
  // Gmail in Russian or Japanese, Apple Mail in Czech, mutt: no verb, but an address and a date.
  return email && hasDate(text) ? 'verbless' : null;
}

/** A first line an attribution can start with (so "Thanks!" above one is never taken into it). */
const startsLikeAttribution = (text: string) => ATTRIBUTION_LEAD_AT_START.test(text) || /^\s*[\d(*]/u.test(text) || /<\s*$/u.test(text) || EMAIL.test(text) || hasDate(text);

interface Attribution {
  /** First line of the attribution, and where in that line it starts (words before it are new). */
  first: number;
  column: number;
  last: number;
  strength: 'strong' | 'weak' | 'verbless';
}

/** An attribution that ends on line `last` (one to three lines: clients wrap long ones). */
function attributionEndingAt(lines: Line[], last: number, floor: number): Attribution | null {
  if (!endsWithColon(lines[last]!.text)) return null;
  for (let size = 3; size >= 1; size -= 1) {
    const first = last - size + 1;
    if (first < floor) continue;
    const block = lines.slice(first, last + 1);
    if (block.some((line) => isBlank(line) || isQuote(line))) continue;
    if (size > 1 && !startsLikeAttribution(block[0]!.text)) continue;
    const joined = block.map((line) => line.text.trim()).join(' ');
    const strength = attributionStrength(joined);
    if (!strength) continue;
    // Words before the attribution on its first line stay new: find the latest lead word from which
    // the rest is still an attribution.
    let column = 0;
    if (!ATTRIBUTION_LEAD_AT_START.test(block[0]!.text)) {
      const firstText = block[0]!.text;
      for (const lead of firstText.matchAll(ATTRIBUTION_LEAD)) {
        const rest = [firstText.slice(lead.index), ...block.slice(1).map((line) => line.text.trim())].join(' ');
        if (lead.index > 0 && attributionStrength(rest)) column = lead.index;
      }
    }
    return { first, column, last, strength };
  }
  return null;
}

/**
 * "-- " (RFC 3676) starts a signature. A bare "--" does too when what follows looks like one (a few
 * lines, the first not a sentence), since customers also use it as a divider between their words.
 */
function isSignatureDelimiter(lines: Line[], index: number): boolean {
  const text = lines[index]!.text;
  if (!SIGNATURE_DELIMITER.test(text)) return false;
  if (text === '-- ') return true;
  const next = lines[nextNonBlank(lines, index)];
  if (!next || isQuote(next)) return true;
  let count = 0;
  for (let look = index + 1; look < lines.length && count <= 6; look += 1) {
    const line = lines[look]!;
    if (isQuote(line) || ORIGINAL_SEPARATOR.test(line.text) || isHeaderBlock(lines, look) || attributionEndingAt(lines, look, look)) break;
    if (!isBlank(line)) count += 1;
  }
  return count <= 6 && !/[.?!。？！:]\s*$/u.test(next.text);
}

function headerFollows(lines: Line[], index: number, within: number): boolean {
  for (let look = index + 1; look <= index + within && look < lines.length; look += 1) {
    if (HEADER_FROM.test(lines[look]!.text) || /^\s*\|\s*From\s*\|/iu.test(lines[look]!.text)) return true;
  }
  return false;
}

/** An Outlook-style header block: From: …, then Sent:/Date: and Subject: within the next lines. */
function isHeaderBlock(lines: Line[], index: number): boolean {
  if (!HEADER_FROM.test(lines[index]!.text)) return false;
  let sent = false;
  let subject = false;
  for (let look = index + 1; look <= index + 6 && look < lines.length; look += 1) {
    if (HEADER_SENT.test(lines[look]!.text)) sent = true;
    else if (HEADER_SUBJECT.test(lines[look]!.text)) subject = true;
  }
  return sent && subject;
}

/** The first line of history that is not quoted with ">" (separators, header blocks), or a forward. */
function findBoundary(lines: Line[]): { history: number; signature: number; forward: number } {
  let signature = lines.length;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (isQuote(line)) continue;
    if (FORWARD_MARKER.test(line.text)) return { history: lines.length, signature, forward: index };
    if (signature === lines.length && isSignatureDelimiter(lines, index)) signature = index;
    if (ORIGINAL_SEPARATOR.test(line.text)) return { history: index, signature, forward: -1 };
    if ((DASHED_SEPARATOR.test(line.text) && headerFollows(lines, index, 2)) || (UNDERSCORE_SEPARATOR.test(line.text) && headerFollows(lines, index, 3))) {
      return { history: index, signature, forward: -1 };
    }
    if (isHeaderBlock(lines, index)) return { history: index, signature, forward: -1 };
    // An attribution over unquoted history (Yahoo, some mobile clients): the history starts there.
    const attribution = attributionEndingAt(lines, index, 0);
    if (attribution?.strength === 'strong' && nextKind(lines, index, lines.length) === 'text') {
      // With words before it on its first line, that line stays in the walk, which keeps those words.
      return { history: attribution.column > 0 ? attribution.first + 1 : attribution.first, signature, forward: -1 };
    }
  }
  return { history: lines.length, signature, forward: -1 };
}

interface Piece {
  start: number;
  end: number;
  line: number;
}

export interface NewTextContext {
  /** The HTML part, when there is one: its quote container can end the span. */
  html?: string | null;
  /** The subject: under "Fwd:"/"FW:" (and translations) an Outlook header block starts a forward. */
  subject?: string | null;
}

export function findNewText(text: string, context: NewTextContext | string | null = {}): TextSpan {
  const { html, subject } = typeof context === 'string' || context === null ? { html: context, subject: null } : context;
  const lines = splitLines(text);
  const boundary = findBoundary(lines);
  const forwardedBlock = boundary.forward === -1 && boundary.history < lines.length && subject && FORWARD_SUBJECT.test(subject) && !isQuote(lines[boundary.history]) && !isAttributionLine(lines, boundary.history);
  if (boundary.forward !== -1 || forwardedBlock) {
    // A forward: the forwarded message is what the sender wants us to read, so it is all theirs.
    const span = trimSpan(text, 0, text.length);
    return { ...span, forwarded: true };
  }
  const limit = Math.min(boundary.history, boundary.signature);
  const pieces: Piece[] = [];
  const quotedLines: number[] = [];
  for (let index = 0; index < limit; index += 1) {
    const line = lines[index]!;
    if (isBlank(line)) continue;
    if (isQuote(line)) {
      quotedLines.push(index);
      continue;
    }
    const attribution = lookAheadAttribution(lines, index, limit);
    if (attribution) {
      if (attribution.column > 0) pieces.push({ start: line.start, end: line.start + attribution.column, line: index });
      quotedLines.push(index);
      index = attribution.last;
      continue;
    }
    pieces.push({ start: line.start, end: line.end, line: index });
  }
  // A client's own signature ("Sent from my iPhone") at the very end is not the sender's words.
  while (pieces.length > 1 && MOBILE_SIGNATURE.test(text.slice(pieces.at(-1)!.start, pieces.at(-1)!.end))) pieces.pop();

  if (pieces.length === 0) {
    // Nothing but quotes: the whole text is what they sent us.
    return trimSpan(text, 0, text.length);
  }
  const first = pieces[0]!;
  const last = pieces.at(-1)!;
  const interleaved = quotedLines.some((index) => index > first.line && index < last.line);
  const span = trimSpan(text, first.start, last.end);
  if (interleaved) return { ...span, interleaved: true };
  return html ? narrowByHtml(text, span, html) : span;
}

function isAttributionLine(lines: Line[], index: number): boolean {
  for (let last = index; last < Math.min(index + 3, lines.length); last += 1) if (attributionEndingAt(lines, last, index)?.first === index) return true;
  return false;
}

/** An attribution starting on line `index` (it may wrap onto the next lines) that introduces history. */
function lookAheadAttribution(lines: Line[], index: number, limit: number): Attribution | null {
  for (let last = index; last < Math.min(index + 3, limit); last += 1) {
    const line = lines[last]!;
    if (isBlank(line) || isQuote(line)) return null;
    const attribution = attributionEndingAt(lines, last, index);
    if (!attribution || attribution.first !== index) continue;
    const follows = nextKind(lines, last, lines.length);
    // Before quoted lines, before the history boundary or at the very end: an attribution.
    if (follows === 'quote' || follows === 'end' || last + 1 >= limit || (follows === 'text' && nextNonBlank(lines, last) >= limit)) return attribution;
    if (attribution.strength === 'strong') return attribution;
    return null;
  }
  return null;
}

function nextNonBlank(lines: Line[], index: number): number {
  let look = index + 1;
  while (look < lines.length && isBlank(lines[look])) look += 1;
  return look;
}

const segmenter = new Intl.Segmenter('und', { granularity: 'word' });
const wordsOf = (text: string, offset = 0) =>
  [...segmenter.segment(text)].filter((segment) => segment.isWordLike).map((segment) => ({ word: segment.segment.toLowerCase(), at: offset + segment.index, end: offset + segment.index + segment.segment.length }));

/**
 * The HTML's quote container ends the span when the text does not show the history plainly (a text
 * part that differs, an attribution in a language we have no words for). The span only shortens to
 * the end of the line holding the last word the HTML puts before its quote, and only when every one
 * of those words is found in order at the start of the span.
 */
function narrowByHtml(text: string, span: TextSpan, html: string): TextSpan {
  const before = htmlTextBeforeQuote(html);
  if (before === null) return span;
  const expected = wordsOf(before);
  if (expected.length === 0) return span;
  const actual = wordsOf(text.slice(span.start, span.end), span.start);
  let matched = 0;
  let skipped = 0;
  let lastEnd = -1;
  for (const word of actual) {
    if (matched === expected.length) break;
    if (word.word === expected[matched]!.word) {
      matched += 1;
      lastEnd = word.end;
    } else if ((skipped += 1) > Math.max(5, expected.length / 3)) return span;
  }
  if (matched < expected.length || lastEnd >= span.end) return span;
  const lineEnd = text.indexOf('\n', lastEnd);
  const end = lineEnd === -1 ? span.end : Math.min(span.end, lineEnd);
  return trimSpan(text, span.start, end);
}

function trimSpan(text: string, start: number, end: number): TextSpan {
  while (start < end && /\s/.test(text[start]!)) start += 1;
  while (end > start && /\s/.test(text[end - 1]!)) end -= 1;
  return { start, end };
}
