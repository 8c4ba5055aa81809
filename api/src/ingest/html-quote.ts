/**
 * Where a client's HTML says the quoted history begins (Gmail's gmail_quote, Outlook's divRplyFwdMsg
 * and border-top header block, Apple Mail's and Thunderbird's blockquote type="cite", Thunderbird's
 * moz-cite-prefix, Yahoo's yahoo_quoted), and the words written before it. new-text.ts uses those
 * words to end the span when the text part (or the text derived from the HTML) does not show the
 * history plainly. Only ever a hint: it can shorten a span to words the HTML puts before the quote,
 * never drop a word the HTML shows outside it.
 */
const QUOTE_CONTAINER =
  /<div[^>]*\bclass=["'][^"']*\bgmail_quote\b|<div[^>]*\bclass=["'][^"']*\bgmail_attr\b|<div[^>]*\bid=["']divRplyFwdMsg["']|<div[^>]*\bstyle=["'][^"']*border-top:\s*solid\s+#(?:E1E1E1|B5C4DF)|<div[^>]*\bclass=["'][^"']*\bmoz-cite-prefix\b|<blockquote[^>]*\btype=["']cite["']|<div[^>]*\b(?:class|id)=["'][^"']*\byahoo_quoted\b/i;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function htmlToWords(html: string): string {
  return html
    .replace(/<(head|style|script|title)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
      }
      return ENTITIES[name.toLowerCase()] ?? entity;
    });
}

/** The text of the HTML before its quote container, or null when there is none (or when words follow
 * the last cited block, i.e. an interleaved or bottom-posted reply: the text part decides then). */
export function htmlTextBeforeQuote(html: string): string | null {
  const match = QUOTE_CONTAINER.exec(html);
  if (!match) return null;
  if (/^<blockquote/i.test(match[0])) {
    const lastClose = html.toLowerCase().lastIndexOf('</blockquote');
    if (lastClose !== -1 && /[\p{L}\p{N}]/u.test(htmlToWords(html.slice(lastClose).replace(/^<\/blockquote\s*>/i, '')))) return null;
  }
  return htmlToWords(html.slice(0, match.index));
}
