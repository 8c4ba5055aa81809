import { describe, expect, it } from 'vitest';
import { renderDigestHtml, renderDigestText } from './digest-render.js';
import type { DigestContentDto } from './digest.types.js';

const hostile = 'It breaks when I type <script>alert(1)</script></td></tr></table> and\r\nBcc: everyone@example.com & "quotes"';

const content: DigestContentDto = {
  periodStart: '2026-11-23T07:00:00.000Z',
  periodEnd: '2026-11-30T07:00:00.000Z',
  themes: [
    {
      id: 't1',
      name: 'Editor <b>bugs</b>',
      customers: 1,
      quotes: [{ quoteId: 'q1', text: hostile, messageId: '1', start: 0, end: hostile.length, customer: 'Mallory', company: 'evil.example', date: '2026-11-24T10:00:00Z', conversationId: '7' }],
    },
  ],
  unpinned: [],
  fixes: [],
  rotation: [],
};

describe('digest rendering', () => {
  it('escapes hostile customer text in the HTML part', () => {
    const html = renderDigestHtml(content, 'https://support.acme.example');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('</td>');
    expect(html).not.toContain('<b>bugs</b>');
    expect(html).toContain('It breaks when I type &lt;script&gt;alert(1)&lt;/script&gt;&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt; and\r\nBcc: everyone@example.com &amp; &quot;quotes&quot;');
  });

  it('keeps the words verbatim in the text part, whole and between quotation marks', () => {
    const text = renderDigestText(content, 'https://support.acme.example');
    expect(text).toContain(`“${hostile}”`);
    expect(text).toContain('— Mallory, evil.example, 2026-11-24, https://support.acme.example/inbox/open/7');
  });

  it('links the duty section to the Reports page for the digest’s duty days', () => {
    expect(renderDigestText(content, 'https://support.acme.example')).toContain(
      'Duty report (received, answered, first response, waiting at handoff, per person): https://support.acme.example/reports?from=2026-11-23&to=2026-11-29',
    );
    expect(renderDigestHtml(content, 'https://support.acme.example')).toContain('<a href="https://support.acme.example/reports?from=2026-11-23&amp;to=2026-11-29">Duty report</a>');
  });
});
