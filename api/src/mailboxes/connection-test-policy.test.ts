import { describe, expect, it } from 'vitest';
import { SmtpFailure } from '../mail/smtp-transport.js';
import { describeProblem, imapProblem, isLocalAddress, smtpProblem } from './connection-test-policy.js';
import { ImapFailure } from '../mail/imap-session.js';

describe('imapProblem and smtpProblem', () => {
  it.each([
    { error: new ImapFailure('connection', 'Cannot reach (ECONNREFUSED)'), problem: 'unreachable' },
    { error: new ImapFailure('protocol', 'answered unexpectedly: HTTP/1.1 400'), problem: 'not_server' },
    { error: new ImapFailure('tls', 'routines:ssl3_get_record:wrong version number'), problem: 'tls' },
    { error: new ImapFailure('auth', 'refused'), problem: 'auth' },
    { error: new Error('anything else'), problem: 'unreachable' },
  ])('IMAP $problem', ({ error, problem }) => {
    expect(imapProblem(error)).toBe(problem);
  });

  it.each([
    { error: new SmtpFailure('connection', 'x', undefined, { cause: Object.assign(new Error('Invalid greeting'), { code: 'EPROTOCOL' }) }), problem: 'not_server' },
    { error: new SmtpFailure('connection', 'x', undefined, { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) }), problem: 'unreachable' },
    { error: new SmtpFailure('tls', 'x'), problem: 'tls' },
    { error: new SmtpFailure('auth', 'x'), problem: 'auth' },
  ])('SMTP $problem', ({ error, problem }) => {
    expect(smtpProblem(error)).toBe(problem);
  });
});

describe('describeProblem', () => {
  it('names the server and the category, nothing from the socket or OpenSSL', () => {
    const where = { host: 'mail.example', port: 993 };
    expect(describeProblem('IMAP', where, 'unreachable')).toBe('Cannot reach the IMAP server at mail.example:993.');
    expect(describeProblem('SMTP', where, 'not_server')).toBe('mail.example:993 does not answer as an SMTP server.');
    expect(describeProblem('IMAP', where, 'tls')).not.toMatch(/ssl3|routines|ECONN/);
  });
});

describe('isLocalAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['0.0.0.0', true],
    ['192.0.2.1', false],
    ['2001:db8::1', false],
  ])('%s → %s', (address, local) => {
    expect(isLocalAddress(address)).toBe(local);
  });
});
