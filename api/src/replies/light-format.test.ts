import { describe, expect, it } from 'vitest';
import { renderReplyHtml } from './light-format.js';

describe('reply light formatting', () => {
  it('renders bold, italic, links, lists and paragraphs', () => {
    const html = renderReplyHtml('Hi **Ana**,\n\nthe _new_ export is at https://acme.example/export.\n\n- one\n- two');
    expect(html).toContain('Hi <strong>Ana</strong>,');
    expect(html).toContain('the <em>new</em> export is at <a href="https://acme.example/export">https://acme.example/export</a>.');
    expect(html).toContain('<ul><li>one</li><li>two</li></ul>');
  });

  it('escapes whatever the author typed', () => {
    const html = renderReplyHtml('<script>alert(1)</script> "quoted" & <b>');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &amp; &lt;b&gt;');
  });

  it('leaves snake_case words alone', () => {
    expect(renderReplyHtml('set max_retry_count to 3')).toContain('max_retry_count');
  });
});
