import DOMPurify from 'dompurify';

export interface PreparedHtml {
  /** A whole document for a sandboxed iframe's srcdoc, with its own Content-Security-Policy. */
  document: string;
  /** Remote images (img, srcset, CSS url(), background=) held back until someone loads them. */
  blockedImages: number;
}

const REMOTE = /^\s*(https?:)?\/\//i;
const CSS_REMOTE_URL = /url\(\s*(['"]?)\s*(?:https?:)?\/\/[^)]*\)/gi;

/**
 * Email HTML made safe to look at: DOMPurify (HTML profile only: no SVG, MathML, forms, frames,
 * scripts or event handlers), links opening outside, cid: images served from stored attachments,
 * remote images held back (and counted) until "load images". The frame that shows the result is
 * sandboxed without allow-scripts, and its CSP forbids scripts, remote fetches and fonts.
 */
export function prepareHtml(html: string, options: { loadRemoteImages: boolean; cidUrls: Map<string, string> }): PreparedHtml {
  const purify = DOMPurify(window);
  let blockedImages = 0;
  // CSS escapes (u\rl, \75 rl) could hide a url(); @import fetches whole stylesheets. Neither survives.
  const blockCss = (css: string) =>
    css
      .replace(/\\/g, '')
      .replace(/@import[^;]*;?/gi, '')
      .replace(CSS_REMOTE_URL, () => {
        blockedImages += 1;
        return 'none';
      })
      // A remote address in a bare CSS string (image-set('http://…')).
      .replace(/(['"])\s*(?:https?:)?\/\/[^'"]*\1/gi, () => {
        blockedImages += 1;
        return "''";
      });

  purify.addHook('afterSanitizeAttributes', (node) => {
    const element = node as Element;
    if (element.tagName === 'A') {
      const href = element.getAttribute('href') ?? '';
      if (/^\s*(https?:|mailto:)/i.test(href)) {
        element.setAttribute('target', '_blank');
        element.setAttribute('rel', 'noopener noreferrer nofollow');
      } else {
        element.removeAttribute('href');
      }
    }
    if (element.tagName === 'IMG') {
      const src = element.getAttribute('src') ?? '';
      const cid = /^\s*cid:(.+)$/i.exec(src)?.[1];
      if (cid) {
        const url = options.cidUrls.get(cid.trim().replace(/^<|>$/g, '').toLowerCase());
        if (url) element.setAttribute('src', url);
        else element.removeAttribute('src');
      } else if (REMOTE.test(src)) {
        if (!options.loadRemoteImages) {
          blockedImages += 1;
          element.removeAttribute('src');
          element.setAttribute('alt', element.getAttribute('alt') || '[image not loaded]');
        }
      } else if (!/^\s*data:image\/(png|jpe?g|gif|webp);/i.test(src)) {
        element.removeAttribute('src');
      }
    }
    // srcset on img and picture sources: a second way to name an image, never needed to read a message.
    if (element.hasAttribute('srcset')) {
      if (REMOTE.test(element.getAttribute('srcset') ?? '') || /,\s*(https?:)?\/\//i.test(element.getAttribute('srcset') ?? '')) blockedImages += 1;
      element.removeAttribute('srcset');
    }
    for (const attribute of ['background', 'poster', 'lowsrc', 'dynsrc']) {
      if (element.hasAttribute(attribute)) {
        if (options.loadRemoteImages && REMOTE.test(element.getAttribute(attribute) ?? '')) continue;
        if (REMOTE.test(element.getAttribute(attribute) ?? '')) blockedImages += 1;
        element.removeAttribute(attribute);
      }
    }
    const style = element.getAttribute('style');
    if (style && !options.loadRemoteImages) element.setAttribute('style', blockCss(style));
  });
  purify.addHook('uponSanitizeElement', (node, data) => {
    if (data.tagName === 'style' && !options.loadRemoteImages && node.textContent) node.textContent = blockCss(node.textContent);
  });

  const clean = purify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['form', 'input', 'button', 'textarea', 'select', 'option', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'meta', 'link', 'base', 'script', 'noscript', 'template', 'portal', 'svg', 'math'],
    FORBID_ATTR: ['action', 'formaction', 'ping', 'srcdoc', 'http-equiv', 'xlink:href'],
    ALLOW_DATA_ATTR: false,
    WHOLE_DOCUMENT: false,
  });

  const imageSources = options.loadRemoteImages ? "'self' data: https: http:" : "'self' data:";
  const csp = `default-src 'none'; img-src ${imageSources}; style-src 'unsafe-inline'; font-src 'none'; media-src 'none'; form-action 'none'; base-uri 'none'`;
  const document = `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}"><meta name="referrer" content="no-referrer"><style>html,body{margin:0;padding:0;background:#fff;color:#1d1b16;font:14px/1.5 system-ui,sans-serif;overflow-wrap:anywhere}img{max-width:100%;height:auto}table{max-width:100%}</style></head><body>${clean}</body></html>`;
  return { document, blockedImages };
}
