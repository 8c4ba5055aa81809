import { describe, expect, it } from 'vitest';
import { afterSendFailure, MAX_SEND_ATTEMPTS, retryDelaySeconds } from './send-retry.js';
import { SmtpFailure } from './smtp-transport.js';

describe('sending retries', () => {
  it('backs off from 30 seconds, doubling, up to an hour', () => {
    expect([1, 2, 3, 4, 8, 12].map(retryDelaySeconds)).toEqual([30, 60, 120, 240, 3_600, 3_600]);
  });

  it.each([
    ['a temporary 4xx, early', new SmtpFailure('temporary', 'try later', 451), 1, 'retrying'],
    ['a refused connection', new SmtpFailure('connection', 'ECONNREFUSED', undefined), 3, 'retrying'],
    ['a temporary failure on the last attempt', new SmtpFailure('temporary', 'try later', 451), MAX_SEND_ATTEMPTS, 'failed'],
    ['a rejection (5xx)', new SmtpFailure('rejected', 'no such user', 550), 1, 'failed'],
    ['refused credentials', new SmtpFailure('auth', 'bad password', 535), 1, 'failed'],
    ['anything else', new Error('boom'), 1, 'failed'],
  ] as const)('after %s: %s', (_name, error, attempts, expected) => {
    expect(afterSendFailure(error, attempts)).toBe(expected);
  });
});
