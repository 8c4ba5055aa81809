import net from 'node:net';
import { SmtpFailure } from '../mail/smtp-transport.js';
import { ImapFailure } from '../mail/imap-session.js';

/**
 * "Test connection" must not be a port scanner for whoever is admin: every failure is one of a few
 * categories in our own words (never a socket error code or OpenSSL's text), every answer comes
 * after the same minimum time, tests are rate-limited per admin, and the product's own database
 * port is refused outright.
 */
export type ConnectionProblem = 'unreachable' | 'not_server' | 'tls' | 'auth' | 'folder';

/** No answer comes sooner: a closed port and a slow sign-in look alike. */
export const MIN_ANSWER_MS = 3_000;

/** Per admin: 10 tests free, then waits that double (the sign-in throttle's mechanism). */
export const CONNECTION_TEST_RULE = { freeAttempts: 10, maxDelaySeconds: 10 * 60 } as const;

/**
 * `ownWords`: for a refused sign-in or a missing folder, the adapter's own explanation (mail/auth-refusal.ts
 * words an admin acts on, e.g. "this provider needs OAuth"), which never carries the server's text.
 */
export function describeProblem(protocol: 'IMAP' | 'SMTP', where: { host: string; port: number }, problem: ConnectionProblem, ownWords?: string): string {
  const at = `${where.host}:${where.port}`;
  switch (problem) {
    case 'unreachable':
      return `Cannot reach the ${protocol} server at ${at}.`;
    case 'not_server':
      return `${at} does not answer as an ${protocol} server.`;
    case 'tls':
      return `TLS with the ${protocol} server at ${at} failed: it has a TLS certificate that cannot be verified, or no TLS on this port. If you trust it, allow a self-signed certificate for this mailbox.`;
    case 'auth':
      return ownWords ?? `The ${protocol} server at ${at} refused the user name or password.`;
    case 'folder':
      return ownWords ?? `A folder does not exist on ${at}.`;
  }
}

export function imapProblem(error: unknown): ConnectionProblem {
  if (!(error instanceof ImapFailure)) return 'unreachable';
  return ({ auth: 'auth', tls: 'tls', connection: 'unreachable', folder: 'folder', protocol: 'not_server' } as const)[error.kind];
}

export function smtpProblem(error: unknown): ConnectionProblem {
  if (!(error instanceof SmtpFailure)) return 'unreachable';
  if (error.kind === 'auth') return 'auth';
  if (error.kind === 'tls') return 'tls';
  if (error.kind === 'connection') {
    const code = (error.cause as { code?: string } | undefined)?.code;
    return code === 'EPROTOCOL' || code === 'EENVELOPE' ? 'not_server' : 'unreachable';
  }
  // A server that answers with SMTP error codes to a sign-in is an SMTP server refusing us.
  return 'auth';
}

/** Whether an address is this machine (loopback or unspecified), where the embedded PostgreSQL listens. */
export function isLocalAddress(address: string): boolean {
  if (address === '0.0.0.0' || address === '::' || address === '::1') return true;
  const mapped = address.startsWith('::ffff:') ? address.slice(7) : address;
  return net.isIPv4(mapped) && mapped.startsWith('127.');
}
