import { SmtpFailure } from './smtp-transport.js';

const FIRST_RETRY_SECONDS = 30;
const MAX_RETRY_SECONDS = 3_600;
/** Temporary failures (4xx, connection errors) are retried this many times, over about eight hours. */
export const MAX_SEND_ATTEMPTS = 12;

/** 30 s, 1 min, 2 min … up to an hour between attempts. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(FIRST_RETRY_SECONDS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_SECONDS);
}

/**
 * What to do after a send failed on attempt `attempts`: try again later for a temporary failure
 * (4xx, connection) while attempts remain; give up for the rest (5xx, authentication, TLS).
 */
export function afterSendFailure(error: unknown, attempts: number): 'retrying' | 'failed' {
  const temporary = error instanceof SmtpFailure && (error.kind === 'temporary' || error.kind === 'connection');
  return temporary && attempts < MAX_SEND_ATTEMPTS ? 'retrying' : 'failed';
}
