import { timingSafeEqual } from 'node:crypto';

/**
 * CSRF defence for state-changing requests, as a pure decision:
 * - a browser's cross-site request is refused outright (Origin / Sec-Fetch-Site);
 * - a body must be JSON (or, for a signed-in file upload, application/octet-stream), which no
 *   cross-site HTML form can send without a CORS preflight (and the API answers no preflight);
 * - a signed-in request must echo its session's CSRF token in X-CSRF-Token.
 */
export interface CsrfInput {
  method: string;
  /** The host names (with port) this server is reached at, e.g. "support.example.com". */
  hosts: string[];
  origin: string | undefined;
  secFetchSite: string | undefined;
  contentType: string | undefined;
  hasBody: boolean;
  headerToken: string | undefined;
  /** The signed-in session's token; null for anonymous requests (setup, sign-in). */
  sessionToken: string | null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function csrfProblem(input: CsrfInput): string | null {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return null;
  if (input.secFetchSite === 'cross-site') return 'Cross-site requests are not accepted.';
  if (input.origin !== undefined && input.origin !== 'null') {
    let originHost: string;
    try {
      originHost = new URL(input.origin).host;
    } catch {
      return 'The request came from an unrecognised origin.';
    }
    if (!input.hosts.includes(originHost)) return 'The request came from another site.';
  } else if (input.origin === 'null') {
    return 'The request came from an opaque origin.';
  }
  const json = /^application\/json\b/i.test(input.contentType ?? '');
  const file = input.sessionToken !== null && /^application\/octet-stream\b/i.test(input.contentType ?? '');
  if (input.hasBody && !json && !file) return 'Send the request body as application/json.';
  if (input.sessionToken !== null && !tokensMatch(input.headerToken, input.sessionToken)) {
    return 'The X-CSRF-Token header is missing or does not match this session. Reload the page and try again.';
  }
  return null;
}

function tokensMatch(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
