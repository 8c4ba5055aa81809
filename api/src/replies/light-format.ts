import { escapeHtml } from '../common/escape-html.js';

/**
 * The composer's light formatting: plain text stays the text/plain part exactly as written; an HTML
 * alternative shows **bold**, _italic_, links and paragraphs. Everything is escaped first.
 */

function inline(line: string): string {
  return escapeHtml(line)
    .replace(/\*\*(?=\S)([^*]*?\S)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[\s(])_(?=\S)([^_]*?\S)_(?=$|[\s).,!?;:])/g, '$1<em>$2</em>')
    .replace(/\bhttps?:\/\/[^\s<>"]+[^\s<>".,!?;:)]/g, (url) => `<a href="${url}">${url}</a>`);
}

export function renderReplyHtml(text: string): string {
  const paragraphs = text.replace(/\r\n?/g, '\n').split(/\n{2,}/);
  const body = paragraphs
    .filter((paragraph) => paragraph.trim().length > 0)
    .map((paragraph) => {
      const lines = paragraph.split('\n');
      if (lines.every((line) => /^\s*[-*] /.test(line))) return `<ul>${lines.map((line) => `<li>${inline(line.replace(/^\s*[-*] /, ''))}</li>`).join('')}</ul>`;
      return `<p>${lines.map(inline).join('<br>')}</p>`;
    })
    .join('\n');
  return `<!doctype html><html><body style="font-family: sans-serif; font-size: 14px; line-height: 1.5">${body}</body></html>`;
}
