import { SmtpFailure, verifySmtp, type SmtpSettings } from '../mail/smtp-transport.js';
import { describeProblem, imapProblem, smtpProblem } from './connection-test-policy.js';
import { ImapFailure, ImapSession, type ImapSettings } from '../mail/imap-session.js';

export interface ConnectionCheckDto {
  imap: { ok: boolean; error: string | null };
  smtp: { ok: boolean; error: string | null };
}

/**
 * "Test connection": sign in to both servers (and open the folders over IMAP); report each as one
 * of a few categories in our own words (connection-test-policy.ts), never the socket's or
 * OpenSSL's text.
 */
export async function checkConnections(imap: ImapSettings, smtp: SmtpSettings, folders: string[]): Promise<ConnectionCheckDto> {
  const [imapResult, smtpResult] = await Promise.allSettled([
    (async () => {
      const session = await ImapSession.open(imap);
      try {
        for (const folder of folders) await session.openFolder(folder);
      } finally {
        await session.close();
      }
    })(),
    verifySmtp(smtp),
  ]);
  return {
    imap:
      imapResult.status === 'fulfilled'
        ? { ok: true, error: null }
        : { ok: false, error: describeProblem('IMAP', imap, imapProblem(imapResult.reason), imapResult.reason instanceof ImapFailure ? imapResult.reason.message : undefined) },
    smtp:
      smtpResult.status === 'fulfilled'
        ? { ok: true, error: null }
        : { ok: false, error: describeProblem('SMTP', smtp, smtpProblem(smtpResult.reason), smtpResult.reason instanceof SmtpFailure && smtpResult.reason.kind === 'auth' ? smtpResult.reason.message : undefined) },
  };
}
