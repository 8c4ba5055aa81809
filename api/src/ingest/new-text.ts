/**
 * Finds the span of a message's text that the sender wrote in this message: everything before the
 * quoted history and the signature, including words written between quoted blocks. Offsets are
 * UTF-16 code units (JavaScript string indices), the unit used everywhere in the API and the web
 * app. Nothing is removed: the full text stays, the span only says where the new words are.
 */
export interface TextSpan {
  start: number;
  end: number;
}

const ATTRIBUTION_END = /(wrote|writes|a écrit|schrieb|escribió|escreveu|ha scritto|schreef|skrev|kirjoitti|napisał|napsal|написал\(а\)|написал|yazdı|έγραψε|写道|寫道|のメッセージ)\s*:?\s*$/iu;
const ATTRIBUTION_START = /^(On|Le|Am|El|Em|Il|Op|På|Den|W dniu|Dne|Il giorno|Στις|於|在)\b/iu;
const OUTLOOK_SEPARATOR = /^\s*(-{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original|Messaggio originale|Oorspronkelijk bericht)\s*-{2,}|_{20,})\s*$/iu;
const FORWARD_MARKER = /^\s*(-{5,}\s*Forwarded message\s*-{5,}|Begin forwarded message:)\s*$/iu;
const HEADER_FROM = /^\s*\*?(From|Von|De|Van|Från|Da|Od)\s*:\*?\s+\S/iu;
const HEADER_SENT = /^\s*\*?(Sent|Gesendet|Envoyé|Enviado|Verzonden|Skickat|Inviato|Date|Datum|Wysłano)\s*:\*?\s+\S/iu;
const SIGNATURE_DELIMITER = /^-- ?$/;
const MOBILE_SIGNATURE = /^\s*(Sent from my \S.*|Sent from (Mail|Outlook|Yahoo Mail|Gmail).*|Get Outlook for \S.*|Envoyé de mon \S.*|Von meinem \S.* gesendet)\s*$/iu;

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

const isQuote = (line: Line) => /^\s*>/.test(line.text);
const isBlank = (line: Line) => line.text.trim() === '';

function isAttribution(lines: Line[], index: number): number {
  // Returns how many lines the attribution takes (0 when it is not one), e.g. Gmail wraps it over two.
  const line = lines[index]!;
  if (ATTRIBUTION_END.test(line.text) && (ATTRIBUTION_START.test(line.text.trim()) || /<[^>]+@[^>]+>|@/.test(line.text))) return 1;
  const next = lines[index + 1];
  if (next && ATTRIBUTION_START.test(line.text.trim()) && !ATTRIBUTION_END.test(line.text) && ATTRIBUTION_END.test(next.text)) return 2;
  return 0;
}

/** Where the trailing history or signature begins: nothing of it counts as new words. */
function historyStart(lines: Line[]): number {
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (OUTLOOK_SEPARATOR.test(line.text) || FORWARD_MARKER.test(line.text) || SIGNATURE_DELIMITER.test(line.text)) return index;
    if (HEADER_FROM.test(line.text)) {
      // An Outlook-style header block: From: … then Sent:/Date: within the next few lines.
      for (let look = index + 1; look <= index + 3 && look < lines.length; look += 1) {
        if (HEADER_SENT.test(lines[look]!.text)) return index;
      }
    }
  }
  return lines.length;
}

export function findNewText(text: string): TextSpan {
  const lines = splitLines(text);
  const cutoff = historyStart(lines);
  const contentIndexes: number[] = [];
  for (let index = 0; index < cutoff; index += 1) {
    const line = lines[index]!;
    if (isBlank(line) || isQuote(line)) continue;
    const attribution = isAttribution(lines, index);
    if (attribution > 0) {
      // An attribution introduces quoted text: it is history, not the sender's words.
      index += attribution - 1;
      continue;
    }
    contentIndexes.push(index);
  }
  // A mobile "Sent from my iPhone" at the very end is a signature.
  while (contentIndexes.length > 1 && MOBILE_SIGNATURE.test(lines[contentIndexes.at(-1)!]!.text)) contentIndexes.pop();

  if (contentIndexes.length === 0) {
    // Nothing but quotes (a bare forward): the whole text is what they sent us.
    return trimSpan(text, 0, text.length);
  }
  const first = lines[contentIndexes[0]!]!;
  const last = lines[contentIndexes.at(-1)!]!;
  return trimSpan(text, first.start, last.end);
}

function trimSpan(text: string, start: number, end: number): TextSpan {
  while (start < end && /\s/.test(text[start]!)) start += 1;
  while (end > start && /\s/.test(text[end - 1]!)) end -= 1;
  return { start, end };
}
