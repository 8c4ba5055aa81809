// Every character of customer text that could become markup is escaped; line breaks are kept (blocks use pre-wrap).
import { escapeHtml } from '../common/escape-html.js';
import type { DigestContentDto } from './digest.types.js';


const day = (iso: string) => iso.slice(0, 10);
// Customer words go in whole, between quotation marks: never re-wrapped or prefixed, so each is
// byte for byte the stored text.
const quoted = (text: string) => `“${text}”`;
const who = (customer: string, company: string | null) => (company ? `${customer}, ${company}` : customer);
/** The Reports page for the digest's days (a weekly digest: Monday to Sunday), per duty day and person. */
export const dutyReportUrl = (content: Pick<DigestContentDto, 'periodStart' | 'periodEnd'>, baseUrl: string) =>
  `${baseUrl}/reports?from=${day(content.periodStart)}&to=${day(new Date(Date.parse(`${day(content.periodEnd)}T00:00:00Z`) - 86_400_000).toISOString())}`;

export function digestSubject(content: DigestContentDto): string {
  const customers = new Set(content.themes.flatMap((theme) => theme.quotes.map((quote) => quote.customer)));
  return `Wholegrain digest ${day(content.periodStart)} – ${day(content.periodEnd)}: ${content.themes.length} theme${content.themes.length === 1 ? '' : 's'}, ${customers.size} customer${customers.size === 1 ? '' : 's'} quoted`;
}

/** The plain-text part: customers' words verbatim, counts, links; no summary anywhere. */
export function renderDigestText(content: DigestContentDto, baseUrl: string): string {
  const link = (conversationId: string) => `${baseUrl}/inbox/open/${conversationId}`;
  const lines: string[] = [`Customers' own words, ${day(content.periodStart)} to ${day(content.periodEnd)}.`, ''];
  lines.push('THEMES');
  if (content.themes.length === 0) lines.push('No quotes were pinned in this period.');
  for (const theme of content.themes) {
    lines.push('', `${theme.name} (${theme.customers} customer${theme.customers === 1 ? '' : 's'}, ${theme.quotes.length} quote${theme.quotes.length === 1 ? '' : 's'})`);
    for (const quote of theme.quotes) lines.push('', quoted(quote.text), `  — ${who(quote.customer, quote.company)}, ${day(quote.date)}, ${link(quote.conversationId)}`);
  }
  lines.push('', 'IN THEIR WORDS, NOT YET PINNED');
  if (content.unpinned.length === 0) lines.push('Every conversation of the period has a quote pinned.');
  for (const entry of content.unpinned) lines.push('', quoted(entry.text), `  — ${who(entry.customer, entry.company)}, ${day(entry.date)}, ${link(entry.conversationId)}`);
  lines.push('', 'FIXES SHIPPED');
  if (content.fixes.length === 0) lines.push('None in this period.');
  for (const fix of content.fixes) lines.push(`- ${fix.title ?? fix.url} (${day(fix.fixedAt)}): ${fix.customersTold} customer${fix.customersTold === 1 ? '' : 's'} told. ${fix.url}`);
  lines.push('', 'ON DUTY');
  if (content.rotation.length === 0) lines.push('No rotation covered this period.');
  for (const entry of content.rotation) {
    lines.push(`- ${entry.date} ${entry.rotation}: ${entry.person ?? 'nobody'}${entry.pinned.length ? `, pinned:` : ''}`);
    for (const text of entry.pinned) lines.push(`    ${quoted(text)}`);
  }
  lines.push(`Duty report (received, answered, first response, waiting at handoff, per person): ${dutyReportUrl(content, baseUrl)}`);
  return `${lines.join('\n')}\n`;
}

/** The HTML part: the same content, every piece of customer text escaped. */
export function renderDigestHtml(content: DigestContentDto, baseUrl: string): string {
  const link = (conversationId: string) => `${escapeHtml(baseUrl)}/inbox/open/${encodeURIComponent(conversationId)}`;
  const quote = (text: string, attribution: string, conversationId: string) =>
    `<blockquote style="margin:0 0 4px;padding-left:10px;border-left:3px solid #8a5a13;white-space:pre-wrap">${escapeHtml(text)}</blockquote><p style="margin:0 0 12px;color:#6b665c;font-size:13px">— ${escapeHtml(attribution)} · <a href="${link(conversationId)}">conversation</a></p>`;
  const parts: string[] = [`<p>Customers’ own words, ${escapeHtml(day(content.periodStart))} to ${escapeHtml(day(content.periodEnd))}.</p>`, '<h2>Themes</h2>'];
  if (content.themes.length === 0) parts.push('<p>No quotes were pinned in this period.</p>');
  for (const theme of content.themes) {
    parts.push(`<h3>${escapeHtml(theme.name)} <small>(${theme.customers} customers, ${theme.quotes.length} quotes)</small></h3>`);
    for (const entry of theme.quotes) parts.push(quote(entry.text, `${who(entry.customer, entry.company)}, ${day(entry.date)}`, entry.conversationId));
  }
  parts.push('<h2>In their words, not yet pinned</h2>');
  if (content.unpinned.length === 0) parts.push('<p>Every conversation of the period has a quote pinned.</p>');
  for (const entry of content.unpinned) parts.push(quote(entry.text, `${who(entry.customer, entry.company)}, ${day(entry.date)}`, entry.conversationId));
  parts.push('<h2>Fixes shipped</h2>');
  parts.push(
    content.fixes.length
      ? `<ul>${content.fixes.map((fix) => `<li><a href="${escapeHtml(fix.url)}">${escapeHtml(fix.title ?? fix.url)}</a> (${escapeHtml(day(fix.fixedAt))}): ${fix.customersTold} customers told</li>`).join('')}</ul>`
      : '<p>None in this period.</p>',
  );
  parts.push('<h2>On duty</h2>');
  parts.push(
    content.rotation.length
      ? `<ul>${content.rotation
          .map(
            (entry) =>
              `<li>${escapeHtml(entry.date)} ${escapeHtml(entry.rotation)}: ${escapeHtml(entry.person ?? 'nobody')}${entry.pinned.map((text) => `<blockquote style="margin:4px 0;padding-left:10px;border-left:3px solid #dedad0;white-space:pre-wrap">${escapeHtml(text)}</blockquote>`).join('')}</li>`,
          )
          .join('')}</ul>`
      : '<p>No rotation covered this period.</p>',
  );
  parts.push(`<p><a href="${escapeHtml(dutyReportUrl(content, baseUrl))}">Duty report</a>: received, answered, first response, waiting at handoff, per person.</p>`);
  return `<!doctype html><html><head><meta charset="utf-8"></head><body style="font-family:system-ui,sans-serif;font-size:15px;line-height:1.5;color:#1d1b16;max-width:680px">${parts.join('\n')}</body></html>`;
}
