import { describe, expect, it } from 'vitest';
import { htmlTextBeforeQuote, htmlToWords } from './html-quote.js';

const words = (text: string | null) => (text === null ? null : text.replace(/\s+/g, ' ').trim());

describe('htmlTextBeforeQuote: the words a client’s HTML puts before its quote container', () => {
  it.each([
    ['Gmail gmail_quote', '<div dir="ltr">Thanks!</div><br><div class="gmail_quote"><div class="gmail_attr">On Mon … wrote:</div><blockquote class="gmail_quote">old</blockquote></div>', 'Thanks!'],
    ['Outlook divRplyFwdMsg', '<div>Fixed, thanks.</div><hr><div id="divRplyFwdMsg" dir="ltr"><b>From:</b> Support</div><div>old</div>', 'Fixed, thanks.'],
    ['Outlook desktop border-top block', '<p class="MsoNormal">Works &amp; done.</p><div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm"><p><b>From:</b> Support</p></div><p>old</p>', 'Works & done.'],
    ['Apple Mail blockquote type=cite', '<body>Yes&nbsp;please.<div><br><blockquote type="cite">On 30 Nov … wrote:</blockquote></div><blockquote type="cite">old</blockquote></body>', 'Yes please.'],
    ['Thunderbird moz-cite-prefix', '<p>Merci &#233;norm&#xE9;ment</p><div class="moz-cite-prefix">Le 30/11 … a écrit :</div><blockquote type="cite">old</blockquote>', 'Merci énormément'],
    ['Yahoo yahoo_quoted', '<div>Great.</div><div id="yahoo_quoted_123" class="yahoo_quoted">On Monday … wrote:</div>', 'Great.'],
  ])('%s', (_client, html, expected) => {
    expect(words(htmlTextBeforeQuote(html))).toBe(expected);
  });

  it.each([
    ['no quote container', '<div>Just a message.</div><blockquote>a plain blockquote is not a reply</blockquote>'],
    ['answers after the last cited block (interleaved)', '<blockquote type="cite">Is it shared?</blockquote><div>Yes.</div><blockquote type="cite">By whom?</blockquote><div>Three people.</div>'],
  ])('gives no hint when there is %s', (_case, html) => {
    expect(htmlTextBeforeQuote(html)).toBeNull();
  });

  it('drops head, style and comments, and decodes entities', () => {
    expect(words(htmlToWords('<head><title>t</title><style>p{}</style></head><!-- x --><p>a &lt;b&gt; &#x1F389;</p>'))).toBe('a <b> 🎉');
  });
});
