import { describe, expect, it } from 'vitest';
import { type CsrfInput, csrfProblem } from './csrf.js';

const base: CsrfInput = {
  method: 'POST',
  hosts: ['support.example.com'],
  origin: 'https://support.example.com',
  secFetchSite: 'same-origin',
  contentType: 'application/json',
  hasBody: true,
  headerToken: 'token-1',
  sessionToken: 'token-1',
};

describe('csrfProblem', () => {
  it.each<[string, Partial<CsrfInput>, boolean]>([
    ['allows a same-origin JSON request with the session token', {}, true],
    ['allows any GET', { method: 'GET', origin: 'https://evil.example', headerToken: undefined }, true],
    ['allows an anonymous sign-in from the same origin without a token', { sessionToken: null, headerToken: undefined }, true],
    ['allows a request without Origin (non-browser client) that carries the token', { origin: undefined, secFetchSite: undefined }, true],
    ['refuses a cross-site request even with a token', { secFetchSite: 'cross-site' }, false],
    ['refuses another origin', { origin: 'https://evil.example' }, false],
    ['allows the public address when reached through a proxy', { hosts: ['127.0.0.1:3000', 'support.example.com'] }, true],
    ['refuses an opaque origin', { origin: 'null' }, false],
    ['refuses a form-encoded body', { contentType: 'application/x-www-form-urlencoded' }, false],
    ['refuses a text/plain body on sign-in', { contentType: 'text/plain', sessionToken: null }, false],
    ['allows a signed-in file upload (octet-stream, not sendable by a form) with the token', { contentType: 'application/octet-stream' }, true],
    ['refuses an octet-stream upload without the token', { contentType: 'application/octet-stream', headerToken: undefined }, false],
    ['refuses an anonymous octet-stream body', { contentType: 'application/octet-stream', sessionToken: null, headerToken: undefined }, false],
    ['refuses a signed-in request without the token', { headerToken: undefined }, false],
    ['refuses a signed-in request with the wrong token', { headerToken: 'token-2' }, false],
    ['checks DELETE like POST', { method: 'DELETE', hasBody: false, headerToken: undefined }, false],
  ])('%s', (_name, overrides, allowed) => {
    expect(csrfProblem({ ...base, ...overrides }) === null).toBe(allowed);
  });
});
